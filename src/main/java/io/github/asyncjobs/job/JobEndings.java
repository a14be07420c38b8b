package io.github.asyncjobs.job;

import jakarta.enterprise.context.ApplicationScoped;

import io.github.asyncjobs.job.callback.CallbackDispatcher;

/**
 * What follows when a job reaches a terminal state, wherever that happened (processing, a cancel, expiry, the
 * dead-letter queue): it is counted, and its notification, if it asked for one, is sent now rather than at the next sweep.
 */
@ApplicationScoped
public class JobEndings {

    private final JobMetrics metrics;
    private final CallbackDispatcher callbacks;

    public JobEndings(JobMetrics metrics, CallbackDispatcher callbacks) {
        this.metrics = metrics;
        this.callbacks = callbacks;
    }

    void ended(Job job) {
        metrics.completed(job);
        callbacks.jobEnded(job);
    }
}
