package io.github.asyncjobs.job.processing;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import io.github.asyncjobs.config.JobsConfig;
import io.github.asyncjobs.config.ProcessorConfig;
import io.github.asyncjobs.job.resilience.Backoff;

/** How often and how soon a failed attempt is tried again: exponential back-off up to a cap. */
@ApplicationScoped
public class RetryPolicy {

    private final ProcessorConfig config;
    private final Backoff backoff;

    public RetryPolicy(JobsConfig config) {
        this.config = config.processor();
        this.backoff = new Backoff(this.config.initialBackoff(), this.config.maxBackoff());
    }

    public boolean mayRetry(int attemptsSoFar) {
        return attemptsSoFar < config.maxAttempts();
    }

    /** Wait before the attempt after {@code attemptsSoFar} attempts: initial, 2x initial, 4x ... up to the cap. */
    public Duration delayAfter(int attemptsSoFar) {
        return backoff.after(attemptsSoFar);
    }
}
