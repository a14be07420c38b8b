package io.github.asyncjobs.job.resilience;

import java.time.Duration;

/** Exponential back-off: {@code initial}, twice that, four times ... after each failed attempt, never above {@code max}. */
public record Backoff(Duration initial, Duration max) {

    /** The wait after {@code attempts} failed attempts: {@code initial} x 2^(attempts - 1), at most {@code max}. */
    public Duration after(int attempts) {
        return capped(initial.multipliedBy(1L << Math.min(Math.max(attempts - 1, 0), 30)));
    }

    /** {@code wait}, or {@code max} if it is longer. */
    public Duration capped(Duration wait) {
        return wait.compareTo(max) > 0 ? max : wait;
    }
}
