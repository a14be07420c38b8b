package io.github.asyncjobs.config;

import java.time.Duration;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;

import org.hibernate.validator.constraints.time.DurationMin;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Everything the service can be told, under the {@code jobs.} prefix (see docs/configuration.md). These are the
 * user-facing names: the messaging channels in application.properties take their values from here. Each value
 * is validated at start-up; settings that must agree with each other are checked by {@link ConsistentSettings}.
 */
@ConfigMapping(prefix = "jobs")
public interface JobsConfig {

    /** How long an accepted job may wait or run before it is failed as expired. */
    @WithDefault("1d")
    @DurationMin(seconds = 1)
    Duration timeToLive();

    /** How often unfinished jobs are checked against the time to live. */
    @WithDefault("1m")
    @DurationMin(millis = 100)
    Duration expiryCheckInterval();

    /**
     * How long a finished job (its record and its result) is kept after it finished. The embedded store purges older
     * ones on a timer; in Blob Storage a lifecycle management rule of the same age does it (docs/operations.md).
     */
    @WithDefault("7d")
    @DurationMin(seconds = 1)
    Duration retention();

    /**
     * A job recorded this long ago whose message never reached the queue (the accepting process died in between) is
     * queued again, and a replay of its request is told it was accepted; longer than any accept can take (its send alone
     * may wait {@code jobs.queue.send-timeout}, checked at start). Only where recording and queueing are not one transaction.
     */
    @WithDefault("1m")
    @DurationMin(seconds = 1)
    Duration requeueAfter();

    /** How often recorded but unqueued jobs are looked for; with {@link #requeueAfter()}, the bound on their wait. */
    @WithDefault("30s")
    @DurationMin(millis = 100)
    Duration requeueCheckInterval();

    /**
     * For crash drills only: the chance that the process halts (as if killed) right after recording a job and before
     * sending its message, where recording and queueing are not one transaction. 0, never, unless a drill sets it.
     */
    @WithDefault("0")
    @DecimalMin("0")
    @DecimalMax("1")
    double drillHaltBeforeQueueing();

    /** How often the embedded store purges jobs past their retention. */
    @WithDefault("1m")
    @DurationMin(millis = 100)
    Duration retentionSweepInterval();

    ApiConfig api();

    AuthConfig auth();

    ConsoleConfig console();

    EchoConfig echo();

    IdempotencyConfig idempotency();

    LimitsConfig limits();

    RecordsCacheConfig recordsCache();

    MetricsConfig metrics();

    CallbacksConfig callbacks();

    QueueConfig queue();

    AcceptorConfig acceptor();

    ProcessorConfig processor();

    SchedulingConfig scheduling();

    ResultsConfig results();

    StorageConfig storage();

    AzureConfig azure();
}
