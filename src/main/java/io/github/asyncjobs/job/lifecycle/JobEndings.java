package io.github.asyncjobs.job.lifecycle;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import io.github.asyncjobs.job.Job;

/**
 * What follows when a job reaches a terminal state, wherever that happened (processing, a cancel, expiry, the
 * dead-letter queue): it is counted, and {@link JobEnded} is announced (its notification, if it asked for one, is sent
 * now rather than at the next sweep).
 */
@ApplicationScoped
public class JobEndings {

    private final JobMetrics metrics;
    private final Event<JobEnded> ended;

    public JobEndings(JobMetrics metrics, Event<JobEnded> ended) {
        this.metrics = metrics;
        this.ended = ended;
    }

    public void ended(Job job) {
        metrics.completed(job);
        ended.fire(new JobEnded(job));
    }
}
