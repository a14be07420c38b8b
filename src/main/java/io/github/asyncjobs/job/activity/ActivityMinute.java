package io.github.asyncjobs.job.activity;

import java.util.Map;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One minute of one tenant's jobs on one instance: what it accepted and ended, its failures by error code and its
 * completion latencies (from each job's start to its end, as a compressed HdrHistogram in Base64, so that instances'
 * minutes merge without losing their percentiles).
 *
 * @param minute the minute, in minutes since the epoch
 * @param tenant the owners' tenant; empty on an open service
 */
@RegisterForReflection
public record ActivityMinute(long minute, String tenant, long accepted, long succeeded, long failed, long canceled,
        Map<String, Long> failures, String latencies) {

    public ActivityMinute {
        failures = Map.copyOf(failures);
    }
}
