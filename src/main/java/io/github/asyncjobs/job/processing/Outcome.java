package io.github.asyncjobs.job.processing;

import java.time.Duration;

/**
 * What becomes of a job's message after a delivery: acknowledged ({@link #DONE}: the job finished, failed included, or
 * needs nothing), delivered again after a delay, or handed back at shutdown ({@link #HAND_BACK}).
 */
record Outcome(Duration retryAfter, boolean handBack) {

    static final Outcome DONE = new Outcome(null, false);
    static final Outcome HAND_BACK = new Outcome(null, true);

    static Outcome retryAfter(Duration delay) {
        return new Outcome(delay, false);
    }
}
