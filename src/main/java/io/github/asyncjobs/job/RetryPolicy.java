package io.github.asyncjobs.job;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import io.github.asyncjobs.config.JobsConfig;

/** How often and how soon a failed attempt is tried again: exponential back-off up to a cap. */
@ApplicationScoped
public class RetryPolicy {

    private final JobsConfig.Processor config;

    public RetryPolicy(JobsConfig config) {
        this.config = config.processor();
    }

    public boolean mayRetry(int attemptsSoFar) {
        return attemptsSoFar < config.maxAttempts();
    }

    /** Wait before the attempt after {@code attemptsSoFar} attempts: initial, 2x initial, 4x ... up to the cap. */
    public Duration delayAfter(int attemptsSoFar) {
        var delay = config.initialBackoff().multipliedBy(1L << Math.min(Math.max(attemptsSoFar - 1, 0), 30));
        return delay.compareTo(config.maxBackoff()) > 0 ? config.maxBackoff() : delay;
    }
}
