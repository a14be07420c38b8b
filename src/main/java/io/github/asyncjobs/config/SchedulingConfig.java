package io.github.asyncjobs.config;

import java.time.Duration;

import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import io.smallrye.config.WithDefault;

/** Jobs that start later ({@code notBefore} at submit). */
public interface SchedulingConfig {

    /**
     * How far ahead a job may be scheduled. Both queues keep a scheduled job's message until then, and the job's time
     * to live counts from its start.
     */
    @WithDefault("7d")
    @DurationMin(seconds = 1)
    @DurationMax(days = 365)
    Duration maxDelay();
}
