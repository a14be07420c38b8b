package io.github.asyncjobs.config;

import java.time.Duration;

import org.hibernate.validator.constraints.time.DurationMin;

import io.smallrye.config.WithDefault;

public interface MetricsConfig {
    /** How often the backlog gauges (queue depth, unfinished jobs, oldest age) are sampled. */
    @WithDefault("15s")
    @DurationMin(seconds = 1)
    Duration sampleInterval();

    /**
     * Whether to read the Service Bus queue's depth from the administration API, which needs a role beyond sending
     * and receiving (Azure Service Bus Data Owner); off, {@code jobs_queue_depth} is NaN in Service Bus mode and
     * Azure Monitor's ActiveMessages metric of the queue says the same.
     */
    @WithDefault("false")
    boolean servicebusQueueDepth();

    /**
     * How often each instance shares its last hour of activity with the others (in Azure mode, a blob per instance),
     * and how long the console's overview reuses what the others shared.
     */
    @WithDefault("30s")
    @DurationMin(seconds = 1)
    Duration activityShareInterval();
}
