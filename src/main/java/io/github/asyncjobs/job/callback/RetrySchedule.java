package io.github.asyncjobs.job.callback;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import io.github.asyncjobs.job.resilience.Backoff;

/**
 * When a failed delivery is tried again: the receiver's {@code Retry-After} (seconds or an HTTP date) when it sent one,
 * else exponential back-off with full jitter (a random wait below {@code initial * 2^(n-1)}, so that receivers coming
 * back from an outage are not hit by every sender at once); either way at most {@code jobs.callbacks.max-backoff}.
 */
final class RetrySchedule {

    private final Backoff backoff;

    RetrySchedule(Duration initial, Duration max) {
        this.backoff = new Backoff(initial, max);
    }

    /** The wait after {@code attempts} failed attempts, the last of which was answered with {@code retryAfter}, if any. */
    Duration after(int attempts, Optional<String> retryAfter, Instant now) {
        return retryAfter.flatMap(value -> parse(value, now)).map(backoff::capped).orElseGet(() -> jittered(attempts));
    }

    private Duration jittered(int attempts) {
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(backoff.after(attempts).toMillis() + 1));
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
