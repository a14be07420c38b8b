package io.github.asyncjobs.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

import org.hibernate.validator.constraints.time.DurationMin;

import io.smallrye.config.WithDefault;

/**
 * Completion notifications (docs/api.md#completion-notifications): a CloudEvent POSTed to the URL a job named when
 * it ends, retried with back-off, from a durable record.
 */
public interface CallbacksConfig {
    /** How often recorded deliveries are looked at: after a crash, and for retries that are due. */
    @WithDefault("10s")
    @DurationMin(millis = 100)
    Duration checkInterval();

    /** Longest one delivery attempt may take (connecting, sending, the receiver's answer) before it counts as failed. */
    @WithDefault("10s")
    @DurationMin(millis = 100)
    Duration attemptTimeout();

    /** Wait before the second attempt, doubled for each further one; each wait is drawn at random below it (full jitter). */
    @WithDefault("10s")
    @DurationMin(millis = 0)
    Duration initialBackoff();

    /** Longest wait before a retry, a receiver's Retry-After included. */
    @WithDefault("1h")
    @DurationMin(millis = 0)
    Duration maxBackoff();

    /** How long after the job ended failed deliveries are retried before they are given up. */
    @WithDefault("24h")
    @DurationMin(seconds = 1)
    Duration retryFor();

    /** Deliveries under way at once per instance. */
    @WithDefault("16")
    @Min(1)
    @Max(256)
    int concurrency();

    /** Attempts under way at once to one host, per instance: a slow receiver holds no more threads than these. */
    @WithDefault("4")
    @Min(1)
    int perHostConcurrency();

    /** Attempts under way at once for one caller, per instance: the rest of {@code concurrency} serves the others. */
    @WithDefault("8")
    @Min(1)
    int perCallerConcurrency();

    /**
     * Hosts (as written in the callback URL: a name or an IP address) that may be called over plain http and may
     * resolve to loopback, link-local or private addresses; for tests and local receivers. Empty by default.
     */
    Optional<List<@NotBlank String>> allowedHosts();

    /**
     * Secret of the Standard Webhooks signature ({@code webhook-signature}): base64 of 24 or more random bytes,
     * optionally prefixed {@code whsec_}. Without it, notifications are not signed.
     */
    Optional<@Pattern(regexp = "(whsec_)?[A-Za-z0-9+/]{32,}={0,2}",
            message = "must be base64 of 24 or more random bytes, optionally prefixed whsec_") String> signingSecret();
}
