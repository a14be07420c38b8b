package io.github.asyncjobs.job.processing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** Back-off doubles from the initial delay up to the cap (test profile: 100 ms, capped at 200 ms, 5 attempts). */
@QuarkusTest
class RetryPolicyTest {

    @Inject
    RetryPolicy retries;

    @Test
    void backOffDoublesUpToTheCap() {
        assertThat(retries.delayAfter(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(retries.delayAfter(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(retries.delayAfter(3)).isEqualTo(Duration.ofMillis(200));
        assertThat(retries.delayAfter(1000)).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void retriesStopAtTheConfiguredAttempts() {
        assertThat(retries.mayRetry(4)).isTrue();
        assertThat(retries.mayRetry(5)).isFalse();
    }
}
