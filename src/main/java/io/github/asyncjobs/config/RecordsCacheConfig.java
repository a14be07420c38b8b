package io.github.asyncjobs.config;

import java.time.Duration;

import jakarta.validation.constraints.Min;

import org.hibernate.validator.constraints.time.DurationMin;

import io.smallrye.config.WithDefault;

/**
 * Each instance keeps the job records it read or wrote lately, so that polls do not all cost a store read. A
 * finished job's record never changes and is kept until evicted; an unfinished one is served for {@code pendingTtl}
 * at most, so a poll may see a change made by another instance that much later.
 */
public interface RecordsCacheConfig {
    @WithDefault("1s")
    @DurationMin(millis = 0)
    Duration pendingTtl();

    /** A finished job's record is kept this long at most (retention may delete it meanwhile). */
    @WithDefault("10m")
    @DurationMin(millis = 0)
    Duration finishedTtl();

    /** About 1 KiB of heap each: the default keeps the instance's memory flat (~10 MiB) whatever its history. */
    @WithDefault("10000")
    @Min(0)
    int maxEntries();
}
