package io.github.asyncjobs.adapter.azure.servicebus;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class StuckClientGuardTest {

    @Test
    void aClientThatOnlyFailedIsStuckOncePerFailingStretch() {
        var guard = new StuckClientGuard(Duration.ZERO);
        guard.failed();
        guard.failed();
        assertThat(guard.stuck()).isTrue();
        assertThat(guard.stuck()).as("replaced once; the new client starts a stretch of its own").isFalse();
        guard.failed();
        assertThat(guard.stuck()).isTrue();
    }

    @Test
    void oneSuccessEndsTheStretch() {
        var guard = new StuckClientGuard(Duration.ZERO);
        guard.failed();
        guard.succeeded();
        assertThat(guard.stuck()).isFalse();
    }

    @Test
    void aHealthyOrIdleClientIsNeverStuck() {
        var guard = new StuckClientGuard(Duration.ZERO);
        assertThat(guard.stuck()).isFalse();
        guard.succeeded();
        assertThat(guard.stuck()).isFalse();
    }

    @Test
    void notBeforeTheFailingStretchIsLongEnough() {
        var guard = new StuckClientGuard(Duration.ofHours(1));
        guard.failed();
        assertThat(guard.stuck()).isFalse();
    }
}
