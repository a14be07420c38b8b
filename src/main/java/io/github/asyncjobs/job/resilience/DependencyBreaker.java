package io.github.asyncjobs.job.resilience;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.Supplier;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

import io.github.asyncjobs.job.JobsUnavailableException;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.TypedGuard;

/**
 * Fails calls to a dependency at once while it is known to be down, instead of letting every request wait for its
 * timeout: when half of the last {@code volume} calls failed, the breaker opens for its delay (callers get
 * {@link JobsUnavailableException} without trying), then one trial call decides whether it closes. Readiness is DOWN
 * for as long as the breaker refuses calls, so that traffic goes to other instances sooner than a probe would tell;
 * after that it leaves the verdict to the trial (the breaker only moves on when a call comes).
 */
abstract class DependencyBreaker implements HealthCheck {

    private final String name;
    private final String unavailable;
    private final Duration delay;
    private final TypedGuard<Object> guard;
    private volatile CircuitBreakerState state = CircuitBreakerState.CLOSED;
    private volatile Instant openedAt = Instant.MIN;

    /**
     * @param failure what counts as the dependency failing; anything else passes through as a success
     * @param unavailable what the caller is told while the breaker is open, e.g. "The queue is unavailable"
     */
    DependencyBreaker(String name, String unavailable, Duration delay, int volume, Class<? extends Throwable> failure) {
        this.name = name;
        this.unavailable = unavailable;
        this.delay = delay;
        this.guard = TypedGuard.create(Object.class)
                .withCircuitBreaker()
                .requestVolumeThreshold(volume)
                .failureRatio(0.5)
                .delay(delay.toMillis(), ChronoUnit.MILLIS)
                .successThreshold(1)
                .failOn(failure)
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

    /** Runs {@code call} unless the breaker is open; then fails at once with {@link JobsUnavailableException}. */
    @SuppressWarnings("unchecked")
    public <T> T guarded(Supplier<T> call) {
        try {
            return (T) guard.get(call::get);
        } catch (CircuitBreakerOpenException e) {
            throw new JobsUnavailableException(unavailable, e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    void guarded(Runnable call) {
        guarded(() -> {
            call.run();
            return null;
        });
    }

    /** Whether calls are being refused now. */
    boolean refusing() {
        return state == CircuitBreakerState.OPEN && Instant.now().isBefore(openedAt.plus(delay));
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named(name).status(!refusing()).withData("circuit", circuit()).build();
    }

    String circuit() {
        return state.name().toLowerCase();
    }
}
