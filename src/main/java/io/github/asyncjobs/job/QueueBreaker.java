package io.github.asyncjobs.job;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.github.asyncjobs.config.JobsConfig;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.TypedGuard;

/**
 * Fails sends at once while the queue is known to be down, instead of letting every accept wait for the send timeout:
 * when half of the last 10 sends failed, the breaker opens for {@code jobs.queue.breaker-delay} (accepts answer
 * {@code 503} without trying), then one trial send decides whether it closes. Readiness is DOWN for as long as the
 * breaker refuses sends, so that traffic goes to other instances sooner than the connector's own probe would tell;
 * after that it leaves the verdict to the trial (the breaker only moves on when a send comes).
 */
@ApplicationScoped
@Readiness
public class QueueBreaker implements HealthCheck {

    private final Duration delay;
    private final TypedGuard<Void> guard;
    private volatile CircuitBreakerState state = CircuitBreakerState.CLOSED;
    private volatile Instant openedAt = Instant.MIN;

    public QueueBreaker(JobsConfig config) {
        this.delay = config.queue().breakerDelay();
        this.guard = TypedGuard.create(Void.class)
                .withCircuitBreaker()
                .requestVolumeThreshold(10)
                .failureRatio(0.5)
                .delay(delay.toMillis(), ChronoUnit.MILLIS)
                .successThreshold(1)
                .failOn(JobsUnavailableException.class)
                .onStateChange(this::changed)
                .done()
                .build();
    }

    private void changed(CircuitBreakerState next) {
        if (next == CircuitBreakerState.OPEN) {
            openedAt = Instant.now();
        }
        state = next;
    }

    /** Runs {@code send} unless the breaker is open; then fails at once with {@link JobsUnavailableException}. */
    void send(Runnable send) {
        try {
            guard.get(() -> {
                send.run();
                return null;
            });
        } catch (CircuitBreakerOpenException e) {
            throw new JobsUnavailableException("The queue is unavailable", e);
        }
    }

    @Override
    public HealthCheckResponse call() {
        boolean refusing = state == CircuitBreakerState.OPEN && Instant.now().isBefore(openedAt.plus(delay));
        return HealthCheckResponse.named("job queue sends").status(!refusing)
                .withData("circuit", state.name().toLowerCase()).build();
    }
}
