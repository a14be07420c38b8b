package io.github.asyncjobs.job.activity;

import java.util.Optional;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** What waits, as last sampled; a part that could not be had is empty (null in JSON). */
@RegisterForReflection
public record BacklogNow(Optional<Long> queueDepth, Optional<Long> unfinished, Optional<Double> oldestUnfinishedAgeSeconds) {

    static final BacklogNow UNKNOWN = new BacklogNow(Optional.empty(), Optional.empty(), Optional.empty());
}
