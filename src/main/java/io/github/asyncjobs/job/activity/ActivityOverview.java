package io.github.asyncjobs.job.activity;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The service's last hour, as an operator sees it: the backlog now, what was accepted and ended, failures by error
 * code, and a point a minute for the charts (the last minute's rates count the seconds it has had so far).
 *
 * @param instances how many instances' activity it adds up
 */
@RegisterForReflection
public record ActivityOverview(Instant from, Instant to, int instances, BacklogNow backlog, Totals lastHour,
        List<FailureCount> failuresByCode, List<Minute> minutes) {

    @RegisterForReflection
    public record Totals(long accepted, long succeeded, long failed, long canceled) {
    }

    @RegisterForReflection
    public record FailureCount(String code, long count) {
    }

    /** A minute: jobs accepted and ended per second, completion latency percentiles, unfinished jobs at its end. */
    @RegisterForReflection
    public record Minute(Instant start, double acceptsPerSecond, double completionsPerSecond,
            Optional<Double> latencyP50Seconds, Optional<Double> latencyP99Seconds, Optional<Long> unfinished) {
    }
}
