package io.github.asyncjobs.api;

import java.time.Duration;

/** {@code Retry-After} in whole seconds, at least 1. */
final class RetryAfter {

    private RetryAfter() {
    }

    static String seconds(Duration delay) {
        long seconds = (delay.toMillis() + 999) / 1000;
        return String.valueOf(Math.max(1, seconds));
    }
}
