package io.github.asyncjobs.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

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
     * queued again; longer than any accept can take (its send alone may wait 10 s). Only where recording and queueing are not one transaction.
     */
    @WithDefault("1m")
    @DurationMin(seconds = 15)
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

    Api api();

    Auth auth();

    Echo echo();

    /** The bundled {@code echo} job type, whose result is its input. */
    interface Echo {
        /** Off unless enabled (on in the dev and test profiles): an open echo would host any file for anyone. */
        @WithDefault("false")
        boolean enabled();
    }

    Idempotency idempotency();

    /**
     * Who may call the jobs API (docs/security.md): bearer tokens from Microsoft Entra ID (or any OpenID Connect
     * issuer), checked by quarkus-oidc; the quarkus.oidc settings in application.properties take these values.
     */
    interface Auth {
        /**
         * Whether {@code /api/jobs} needs a bearer token. Unset means open, which the prod profile refuses once Azure
         * settings are present: set it to false there only deliberately (e.g. behind Container Apps authentication).
         */
        Optional<Boolean> enabled();

        /** The token issuer, e.g. {@code https://login.microsoftonline.com/<tenant id>/v2.0}; keys come by OIDC discovery. */
        Optional<URI> issuer();

        /** Audiences a token may be for: the API's application id URI and/or its client id. */
        Optional<List<@NotBlank String>> audience();

        /** Whether callers must prove who they are. */
        default boolean required() {
            return enabled().orElse(false);
        }
    }

    /** Idempotency keys (docs/api.md): how long one holds, and when a binding whose job never appeared is taken over. */
    interface Idempotency {
        /** A key binds its job this long; after that the same key makes a new job. */
        @WithDefault("24h")
        @DurationMin(minutes = 1)
        Duration keyTtl();

        /**
         * A binding whose job record has not appeared this long after it was made is abandoned (its request died before
         * recording the job) and a new request under the key takes it over. Longer than any accept can take.
         */
        @WithDefault("1m")
        @DurationMin(millis = 100)
        Duration claimTimeout();
    }

    RecordsCache recordsCache();

    /**
     * Each instance keeps the job records it read or wrote lately, so that polls do not all cost a store read. A
     * finished job's record never changes and is kept until evicted; an unfinished one is served for {@code pendingTtl}
     * at most, so a poll may see a change made by another instance that much later.
     */
    interface RecordsCache {
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

    Metrics metrics();

    Callbacks callbacks();

    /**
     * Completion notifications (docs/api.md#completion-notifications): a CloudEvent POSTed to the URL a job named when
     * it ends, retried with back-off, from a durable record.
     */
    interface Callbacks {
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

    Queue queue();

    Acceptor acceptor();

    Processor processor();

    Results results();

    Storage storage();

    Azure azure();

    /** What the Azure adapters share. */
    interface Azure {
        /**
         * Connections the shared HTTP client (Blob Storage, Entra ID tokens) keeps per host. Vert.x's default of 5 makes
         * every request beyond the fifth wait for a connection; one instance under load needs tens.
         */
        @WithDefault("64")
        @Min(1)
        @Max(1024)
        int httpPoolSize();
    }

    interface Api {
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
    }

    /**
     * Which transport carries jobs, and how. The channel settings in application.properties ({@code mp.messaging.*})
     * take these values, and the connectors read them there.
     */
    interface Queue {
        /** How long accepts are refused without trying once sends have been failing (the circuit breaker's open time). */
        @WithDefault("5s")
        @DurationMin(millis = 100)
        Duration breakerDelay();

        /**
         * How many times a job whose message the broker dead-lettered after too many deliveries, before the job ever
         * ran, is queued again rather than failed: a dependency outage, not the job, burnt those deliveries.
         */
        @WithDefault("3")
        @Min(0)
        @Max(100)
        int deadLetterRequeues();

        /** {@code embedded-queue} (default) or {@code azure-servicebus}. */
        @WithDefault("embedded-queue")
        @Pattern(regexp = "embedded-queue|azure-servicebus", message = "must be embedded-queue or azure-servicebus")
        String connector();

        Embedded embedded();

        ServiceBus servicebus();

        /** The durable in-process queue of the embedded default; its messages live under the data folder. */
        interface Embedded {
            @WithDefault("jobs")
            @NotBlank
            String queueName();

            /** Most messages it holds; accepting answers 503 beyond. */
            @WithDefault("100000")
            @Min(1)
            int capacity();
        }

        interface ServiceBus {
            /** Fully qualified namespace, e.g. {@code NAME.servicebus.windows.net}; reached with Entra ID. */
            Optional<String> namespace();

            /** Only for emulators and test brokers: must contain {@code UseDevelopmentEmulator=true}. */
            Optional<String> connectionString();

            /** The queue's name; its dead-letter queue is {@code <name>/$deadletterqueue}. */
            @WithDefault("jobs")
            @NotBlank
            String queueName();

            /**
             * The largest message the queue takes, in bytes: 262144 (256 KB) on the Standard tier, the queue's
             * {@code maxMessageSizeInKilobytes} times 1024 on Premium. A job whose message would be larger is refused
             * with 413 before anything is kept. The templates set it from the tier they deploy.
             */
            @WithDefault("262144")
            @Min(4096)
            long maxMessageSize();

            /** Timeout of one AMQP operation (send, settle, renew). */
            @WithDefault("10s")
            @DurationMin(millis = 100)
            Duration tryTimeout();

            /** Retries of a failed AMQP operation. */
            @WithDefault("2")
            @Min(0)
            @Max(10)
            int maxRetries();

            /** Messages fetched ahead of processing; 0 takes one per free processing slot. */
            @WithDefault("0")
            @Min(0)
            int prefetch();

            /**
             * How long the lock of a message still being processed is renewed. It must cover the attempt timeout plus
             * the longest back-off, or a slow job is delivered again while it still runs.
             */
            @WithDefault("15m")
            @DurationMin(seconds = 1)
            Duration lockRenewal();

            /** How often readiness probes the namespace. */
            @WithDefault("5s")
            @DurationMin(millis = 100)
            Duration healthInterval();

            /** How often the dead-letter queue is browsed for jobs to fail. */
            @WithDefault("10s")
            @DurationMin(millis = 100)
            Duration deadLetterPollInterval();

            /**
             * A sender, receiver or dead-letter browser that has only failed for this long is replaced by a new client
             * with a new connection: after an outage the SDK can hold on to a connection the namespace has closed.
             */
            @WithDefault("30s")
            @DurationMin(seconds = 1)
            Duration reconnectAfter();
        }
    }

    interface Acceptor {
        /** Whether this process accepts jobs over HTTP. */
        @WithDefault("true")
        boolean enabled();
    }

    interface Processor {
        /** Whether this process runs jobs from the queue. */
        @WithDefault("true")
        boolean enabled();

        /**
         * Jobs this process runs at once, on a worker pool of their own. Most of a job's time is store and queue I/O,
         * so this is well above the number of cores; lower it for CPU-bound handlers.
         */
        @WithDefault("16")
        @Min(1)
        @Max(1000)
        int concurrency();

        /** Attempts a job gets before a retryable failure fails it for good. */
        @WithDefault("5")
        @Min(1)
        @Max(100)
        int maxAttempts();

        /** Wait before the second attempt; doubled for each further one. */
        @WithDefault("1s")
        @DurationMin(millis = 0)
        Duration initialBackoff();

        @WithDefault("1m")
        @DurationMin(millis = 0)
        Duration maxBackoff();

        /** Longest one attempt may run before it counts as a retryable failure. */
        @WithDefault("10m")
        @DurationMin(millis = 1)
        Duration attemptTimeout();

        /**
         * How long a message is held while the store is unavailable (the processor takes no new ones meanwhile) before it
         * is given back to the queue, which counts a delivery.
         */
        @WithDefault("4m")
        @DurationMin(millis = 0)
        Duration storeOutageHold();

        /**
         * How often a running attempt's record is looked at for a cancel (or expiry) by any instance; then the handler is
         * interrupted. One record read per running job per interval (served from the record cache within its TTL).
         */
        @WithDefault("2s")
        @DurationMin(millis = 10)
        Duration cancelCheckInterval();
    }

    interface Metrics {
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
    }

    interface Results {
        /** How long a signed result URL stays valid. */
        @WithDefault("15m")
        @DurationMin(seconds = 1)
        Duration urlValidity();
    }

    interface Storage {
        Local local();

        /** How long accepts, cancels and readiness are answered 503 without trying once store writes have been failing. */
        @WithDefault("5s")
        @DurationMin(millis = 100)
        Duration breakerDelay();

        Blob blob();

        /** Azure Blob Storage, reached with Microsoft Entra ID only; in use when {@code endpoint} is set. */
        interface Blob {
            /** Blob service endpoint, e.g. {@code https://ACCOUNT.blob.core.windows.net}; HTTPS only. */
            Optional<URI> endpoint();

            @WithDefault("jobs")
            String container();

            /** Validity of each user delegation key; Azure allows at most 7 days. */
            @WithDefault("1d")
            @DurationMin(minutes = 1)
            Duration delegationKeyValidity();

            /** How far SAS and delegation key start times are backdated, for clocks that run behind. */
            @WithDefault("5m")
            @DurationMin(millis = 0)
            Duration clockSkew();

            /** Longest a storage call may take, retries included, before the client hears 503. */
            @WithDefault("10s")
            @DurationMin(millis = 100)
            Duration requestTimeout();
        }

        interface Local {
            /** Folder for the embedded database ({@code jobs.db}), results and the signing key of the embedded store. */
            @WithDefault("data")
            Path dataDir();

            /**
             * Durability of a commit to the embedded database. FULL: the write-ahead log is fsynced before a commit
             * returns, so an accepted job survives power loss (commits are grouped, one fsync for all writes waiting).
             * NORMAL: a commit survives the process being killed but not the machine losing power.
             */
            @WithDefault("FULL")
            @Pattern(regexp = "FULL|NORMAL")
            String synchronous();

            /** How long a write waits for the database's lock (another process holding it) before the store counts as unavailable. */
            @WithDefault("5s")
            @DurationMin(millis = 0)
            Duration lockTimeout();

            /**
             * Key for signing result URLs (base64, 32 bytes or more), e.g. from an environment variable; when absent,
             * the keys come from {@link #signingKeyFile()}, else from {@code <data dir>/signing.key}, made on first use.
             */
            Optional<String> signingKey();

            /** Keys that no longer sign but still verify, after a rotation, until the URLs they signed have expired. */
            Optional<List<String>> previousSigningKeys();

            /** A file of base64 keys, one a line (e.g. a mounted secret): the first signs, the others only verify. */
            Optional<Path> signingKeyFile();
        }
    }
}
