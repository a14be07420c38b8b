package io.github.asyncjobs.job.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.github.asyncjobs.job.Job;
import io.github.asyncjobs.job.lifecycle.JobEnded;

/** The bounds of waiting requests, and one end waking every waiter of a job. */
class JobWaitsTest {

    private final JobWaits waits = new JobWaits(null, 3, 2);

    @Test
    void oneEndWakesEveryWaiterOfTheJobAndFreesTheirPlaces() {
        var job = job();
        var first = waits.await(job, Duration.ofMinutes(1), "alice").orElseThrow();
        var second = waits.await(job, Duration.ofMinutes(1), "bob").orElseThrow();
        assertThat(waits.waiting()).isEqualTo(2);

        var ended = job.cancel(Instant.now());
        waits.jobEnded(new JobEnded(ended));
        assertThat(first).isCompletedWithValue(ended);
        assertThat(second).isCompletedWithValue(ended);
        assertThat(waits.waiting()).isZero();
    }

    @Test
    void beyondTheCallersOrTheInstancesBoundARequestIsAnsweredAtOnce() {
        assertThat(waits.await(job(), Duration.ofMinutes(1), "alice")).isPresent();
        assertThat(waits.await(job(), Duration.ofMinutes(1), "alice")).isPresent();
        assertThat(waits.await(job(), Duration.ofMinutes(1), "alice")).as("alice's third").isEmpty();
        assertThat(waits.await(job(), Duration.ofMinutes(1), "bob")).as("the instance's third").isPresent();
        assertThat(waits.await(job(), Duration.ofMinutes(1), "carol")).as("the instance's fourth").isEmpty();
        assertThat(waits.waiting()).isEqualTo(3);
    }

    @Test
    void aWaitThatRunsOutCompletesWithNothingAndFreesItsPlace() {
        var wait = waits.await(job(), Duration.ofMillis(50), "alice").orElseThrow();
        assertThat(wait.join()).isNull();
        assertThat(waits.waiting()).isZero();
    }

    private static Job job() {
        return Job.accepted(UUID.randomUUID(), "echo", "hash", null, null, Instant.now());
    }
}
