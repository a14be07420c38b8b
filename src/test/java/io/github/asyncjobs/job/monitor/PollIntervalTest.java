package io.github.asyncjobs.job.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.github.asyncjobs.job.Job;
import io.github.asyncjobs.job.ResultFile;

/** Retry-After adapts to how long a job's type takes and to the job's age, within the configured bounds. */
class PollIntervalTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private final PollInterval interval = new PollInterval(Duration.ofSeconds(1), Duration.ofSeconds(30));

    @Test
    void aYoungJobOfAnUnknownTypeIsPolledAtTheShortestInterval() {
        assertEquals(Duration.ofSeconds(1), interval.next(pending("report", T0), T0.plusMillis(200)));
    }

    @Test
    void aJobIsPolledWhenItsTypeUsuallyFinishes() {
        interval.observe(finished("report", Duration.ofSeconds(10)));

        assertEquals(Duration.ofSeconds(8), interval.next(pending("report", T0), T0.plusSeconds(2)));
        assertEquals(Duration.ofSeconds(1), interval.next(pending("echo", T0), T0.plusSeconds(2)));
    }

    @Test
    void aLateJobIsPolledLessOftenAsItAgesUpToTheLongestInterval() {
        interval.observe(finished("report", Duration.ofSeconds(10)));

        assertEquals(Duration.ofSeconds(15), interval.next(pending("report", T0), T0.plusSeconds(60)));
        assertEquals(Duration.ofSeconds(30), interval.next(pending("report", T0), T0.plusSeconds(600)));
    }

    @Test
    void theTypicalDurationFollowsRecentJobs() {
        interval.observe(finished("report", Duration.ofSeconds(10)));
        for (int i = 1; i <= 100; i++) {
            interval.observe(finished("report", T0.plusSeconds(10 + i), Duration.ofSeconds(2)));
        }

        assertEquals(Duration.ofSeconds(1), interval.next(pending("report", T0), T0.plusSeconds(1)));
    }

    @Test
    void pollingOneFinishedJobAgainTeachesNothingMore() {
        var slow = finished("report", Duration.ofSeconds(10));
        interval.observe(slow);
        interval.observe(finished("report", T0.minusSeconds(60), Duration.ofSeconds(2)));
        for (int i = 0; i < 100; i++) {
            interval.observe(slow);
        }

        assertEquals(Duration.ofSeconds(8), interval.next(pending("report", T0), T0.plusSeconds(2)));
    }

    @Test
    void canceledJobsTeachNothing() {
        interval.observe(pending("report", T0).cancel(T0.plusSeconds(20)));

        assertEquals(Duration.ofSeconds(1), interval.next(pending("report", T0), T0.plusSeconds(1)));
    }

    private static Job pending(String type, Instant created) {
        return Job.accepted(UUID.randomUUID(), type, "hash", null, null, created);
    }

    private static Job finished(String type, Duration took) {
        return finished(type, T0, took);
    }

    private static Job finished(String type, Instant created, Duration took) {
        return pending(type, created).startAttempt(created).succeed(ResultFile.of(UUID.randomUUID(), "application/json"), created.plus(took));
    }
}
