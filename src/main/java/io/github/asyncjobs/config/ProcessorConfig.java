package io.github.asyncjobs.config;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.hibernate.validator.constraints.time.DurationMin;

import io.smallrye.config.WithDefault;

public interface ProcessorConfig {
    /** Whether this process runs jobs from the queue. */
    @WithDefault("true")
    boolean enabled();

    /**
     * Jobs this process runs at once, on a worker pool of their own. Most of a job's time is store and queue I/O,
     * so this is well above the number of cores; lower it for CPU-bound handlers.
     */
    @WithDefault("16")
    @Min(1)
    @Max(1000)
    int concurrency();

    /** Attempts a job gets before a retryable failure fails it for good. */
    @WithDefault("5")
    @Min(1)
    @Max(100)
    int maxAttempts();

    /** Wait before the second attempt; doubled for each further one. */
    @WithDefault("1s")
    @DurationMin(millis = 0)
    Duration initialBackoff();

    @WithDefault("1m")
    @DurationMin(millis = 0)
    Duration maxBackoff();

    /** Longest one attempt may run before it counts as a retryable failure. */
    @WithDefault("10m")
    @DurationMin(millis = 1)
    Duration attemptTimeout();

    /**
     * How long a message is held while the store is unavailable (the processor takes no new ones meanwhile) before it
     * is given back to the queue, which counts a delivery.
     */
    @WithDefault("4m")
    @DurationMin(millis = 0)
    Duration storeOutageHold();

    /**
     * How often a running attempt's record is looked at for a cancel (or expiry) by any instance; then the handler is
     * interrupted. One record read per running job per interval (served from the record cache within its TTL).
     */
    @WithDefault("2s")
    @DurationMin(millis = 10)
    Duration cancelCheckInterval();

    /**
     * At most one progress write per running job per interval: a handler may report as often as it likes, the latest
     * report is written (docs/job-handlers.md).
     */
    @WithDefault("1s")
    @DurationMin(millis = 0)
    Duration progressInterval();
}
