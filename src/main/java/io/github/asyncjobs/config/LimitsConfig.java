package io.github.asyncjobs.config;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;

import jakarta.validation.constraints.Min;

import org.hibernate.validator.constraints.time.DurationMin;

import io.smallrye.config.WithDefault;

/**
 * What one caller may ask of the service (docs/api.md#limits): unfinished jobs at once and accepts per second, with
 * overrides per caller. A caller is an authenticated principal; an open service has one, anonymous. Every instance
 * that accepts jobs enforces its share, the limit divided by {@code instances}.
 */
public interface LimitsConfig {

    /** Jobs of one caller not yet finished (NotStarted or Running) at once; beyond them, 429 quota-exceeded. */
    @WithDefault("10000")
    @Min(1)
    int maxUnfinished();

    /** Accepts per second of one caller, sustained (a token bucket refilled at this rate); beyond it, 429 rate-limited. */
    @WithDefault("100")
    @Min(1)
    int rate();

    /** Accepts of one caller at once before the rate applies (the bucket's size). */
    @WithDefault("200")
    @Min(1)
    int burst();

    /**
     * Instances that accept jobs (the api app's replicas): each enforces this share of every limit, so that together
     * they hold it however a load balancer spreads a caller's requests. Set it to the most replicas the api runs.
     */
    @WithDefault("1")
    @Min(1)
    int instances();

    /**
     * How often an instance counts a caller's unfinished jobs in the store again (in Blob Storage, one listing of the
     * pending markers counts every caller's); in between, it adds the jobs it accepted for them. So a count errs high
     * by the jobs that finished since, and low by what other instances accepted since.
     */
    @WithDefault("1s")
    @DurationMin(millis = 10)
    Duration countRefresh();

    /** Other limits for some callers, by the object id ({@code oid}) or client id ({@code azp}) of their token. */
    Map<String, CallerLimits> callers();

    /** One caller's limits; what is not set is the default. */
    interface CallerLimits {
        OptionalInt maxUnfinished();

        OptionalInt rate();

        OptionalInt burst();
    }
}
