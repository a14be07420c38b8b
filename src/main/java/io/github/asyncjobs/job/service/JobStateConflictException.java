package io.github.asyncjobs.job.service;

import io.github.asyncjobs.job.Job;

/** The job's status does not allow what was asked, e.g. canceling a job that already finished. */
public class JobStateConflictException extends RuntimeException {

    private final Job job;

    public JobStateConflictException(Job job, String message) {
        super(message);
        this.job = job;
    }

    public Job job() {
        return job;
    }
}
