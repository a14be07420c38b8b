package io.github.asyncjobs.config;

import java.time.Duration;

import org.hibernate.validator.constraints.time.DurationMin;

import io.smallrye.config.WithDefault;

/** Idempotency keys (docs/api.md): how long one holds, and when a binding whose job never appeared is taken over. */
public interface IdempotencyConfig {
    /** A key binds its job this long; after that the same key makes a new job. */
    @WithDefault("24h")
    @DurationMin(minutes = 1)
    Duration keyTtl();

    /**
     * A binding whose job record has not appeared this long after it was made is abandoned (its request died before
     * recording the job) and a new request under the key takes it over. Longer than any accept can take.
     */
    @WithDefault("1m")
    @DurationMin(millis = 100)
    Duration claimTimeout();
}
