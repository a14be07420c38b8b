package io.github.asyncjobs.job.callback;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/** Back-off with full jitter, and a receiver's Retry-After in either of its forms, both capped. */
class RetryScheduleTest {

    private static final Instant NOW = Instant.parse("2024-05-01T10:00:00Z");
    private final RetrySchedule schedule = new RetrySchedule(Duration.ofSeconds(10), Duration.ofMinutes(1));

    @Test
    void backOffDoublesUpToTheCapWithFullJitter() {
        for (var attempts : List.of(1, 2, 3, 10, 40)) {
            var ceiling = Duration.ofSeconds(Math.min(60, 10L << Math.min(attempts - 1, 30)));
            var waits = IntStream.range(0, 200).mapToObj(i -> schedule.after(attempts, Optional.empty(), NOW)).toList();
            assertThat(waits).allSatisfy(wait -> assertThat(wait).isBetween(Duration.ZERO, ceiling));
            assertThat(waits.stream().distinct().count()).as("jittered").isGreaterThan(50);
        }
    }

    @Test
    void retryAfterInSecondsOrAsAnHttpDateIsHonouredUpToTheCap() {
        assertThat(schedule.after(1, Optional.of("7"), NOW)).isEqualTo(Duration.ofSeconds(7));
        assertThat(schedule.after(1, Optional.of(" 3600 "), NOW)).isEqualTo(Duration.ofMinutes(1));
        assertThat(schedule.after(1, Optional.of("Wed, 01 May 2024 10:00:30 GMT"), NOW)).isEqualTo(Duration.ofSeconds(30));
        assertThat(schedule.after(1, Optional.of("Wed, 01 May 2024 09:00:00 GMT"), NOW)).isEqualTo(Duration.ZERO);
        assertThat(schedule.after(1, Optional.of("soon"), NOW)).isBetween(Duration.ZERO, Duration.ofSeconds(10));
        assertThat(schedule.after(1, Optional.of("-5"), NOW)).isBetween(Duration.ZERO, Duration.ofSeconds(10));
    }
}
