package io.github.asyncjobs.job.intake;

import java.time.Duration;

/** A caller asked for more than their limit (jobs.limits): nothing was kept; they may ask again after {@code retryAfter}. */
public class LimitExceededException extends RuntimeException {

    /** Which limit: accepts per second, or unfinished jobs at once. */
    public enum Limit {
        RATE,
        UNFINISHED
    }

    private final Limit limit;
    private final Duration retryAfter;

    LimitExceededException(Limit limit, String message, Duration retryAfter) {
        super(message, null, false, false);
        this.limit = limit;
        this.retryAfter = retryAfter;
    }

    public Limit limit() {
        return limit;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
