package io.github.asyncjobs.job.callback;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When a failed delivery is tried again: the receiver's {@code Retry-After} (seconds or an HTTP date) when it sent one,
 * else exponential back-off with full jitter (a random wait below {@code initial * 2^(n-1)}, so that receivers coming
 * back from an outage are not hit by every sender at once); either way at most {@code jobs.callbacks.max-backoff}.
 */
final class RetrySchedule {

    private final Duration initial;
    private final Duration max;

    RetrySchedule(Duration initial, Duration max) {
        this.initial = initial;
        this.max = max;
    }

    /** The wait after {@code attempts} failed attempts, the last of which was answered with {@code retryAfter}, if any. */
    Duration after(int attempts, Optional<String> retryAfter, Instant now) {
        return retryAfter.flatMap(value -> parse(value, now)).map(this::capped).orElseGet(() -> jittered(attempts));
    }

    private Duration jittered(int attempts) {
        var ceiling = capped(initial.multipliedBy(1L << Math.min(Math.max(attempts - 1, 0), 30)));
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling.toMillis() + 1));
    }

    private Duration capped(Duration wait) {
        return wait.compareTo(max) > 0 ? max : wait;
    }

    /** RFC 9110: delay-seconds or an HTTP date; anything else is ignored, and a date in the past means now. */
    static Optional<Duration> parse(String value, Instant now) {
        var text = value.trim();
        if (text.matches("\\d{1,12}")) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(text)));
        }
        try {
            var wait = Duration.between(now, ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
