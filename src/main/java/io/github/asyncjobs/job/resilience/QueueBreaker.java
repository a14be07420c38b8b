package io.github.asyncjobs.job.resilience;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.health.Readiness;

import io.github.asyncjobs.config.JobsConfig;
import io.github.asyncjobs.job.JobsUnavailableException;

/**
 * The breaker on queue sends ({@link DependencyBreaker}): once half of the last 10 sends failed, accepts answer
 * {@code 503} for {@code jobs.queue.breaker-delay} without trying the broker.
 */
@Singleton
@Readiness
public class QueueBreaker extends DependencyBreaker {

    public QueueBreaker(JobsConfig config) {
        super("job queue sends", "The queue is unavailable", config.queue().breakerDelay(), 10, JobsUnavailableException.class);
    }

    public void send(Runnable send) {
        guarded(send);
    }
}
