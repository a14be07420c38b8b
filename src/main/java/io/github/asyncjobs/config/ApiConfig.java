package io.github.asyncjobs.config;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.hibernate.validator.constraints.time.DurationMin;

import io.smallrye.config.WithDefault;

public interface ApiConfig {
    /** Base of every absolute URL the API hands out; taken from the request when absent. */
    Optional<URI> publicBaseUrl();

    /** Largest accepted request body; 256 KiB is Service Bus Standard's message limit. */
    @WithDefault("262144")
    @Min(1)
    int maxRequestBytes();

    /**
     * Shortest {@code Retry-After} on responses about unfinished jobs (and on 503s). The value for a job adapts to
     * how long its type usually takes and to its age, up to {@link #maxRetryAfter()}.
     */
    @WithDefault("1s")
    @DurationMin(seconds = 1)
    Duration retryAfter();

    /** Longest {@code Retry-After} for an unfinished job, however long it has been running. */
    @WithDefault("30s")
    @DurationMin(seconds = 1)
    Duration maxRetryAfter();

    /** Requests that wait for their job's end ({@code Prefer: wait}), docs/api.md#waiting-instead-of-polling. */
    Waits waits();

    interface Waits {

        /** Requests this instance keeps waiting at once; beyond them, a request is answered at once, as without Prefer. */
        @WithDefault("1000")
        @Min(0)
        @Max(100_000)
        int maxPerInstance();

        /** Waiting requests of one caller on this instance; beyond them, answered at once. */
        @WithDefault("50")
        @Min(0)
        int maxPerCaller();

        /**
         * How often the records of jobs waited for are read, for ends on other instances (an end on this instance wakes
         * its waiters at once): one record read per job waited for per interval, whatever the number of its waiters.
         */
        @WithDefault("1s")
        @DurationMin(millis = 50)
        Duration checkInterval();
    }
}
