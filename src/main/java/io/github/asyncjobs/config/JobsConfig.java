package io.github.asyncjobs.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Everything the service can be told, under the {@code jobs.} prefix (see docs/configuration.md). */
@ConfigMapping(prefix = "jobs")
public interface JobsConfig {

    /** How long an accepted job may wait or run before it is failed as expired. */
    @WithDefault("1d")
    Duration timeToLive();

    /** How often unfinished jobs are checked against the time to live. */
    @WithDefault("1m")
    Duration expiryCheckInterval();

    Api api();

    Queue queue();

    Acceptor acceptor();

    Processor processor();

    Results results();

    Storage storage();

    interface Api {
        /** Base of every absolute URL the API hands out; taken from the request when absent. */
        Optional<URI> publicBaseUrl();

        /** Largest accepted request body; 256 KiB is Service Bus Standard's message limit. */
        @WithDefault("262144")
        int maxRequestBytes();

        /** Value of {@code Retry-After} on responses about unfinished jobs. */
        @WithDefault("1s")
        Duration retryAfter();
    }

    /**
     * Which transport carries jobs. The values are used by the channel settings in application.properties
     * ({@code mp.messaging.*}), where the connectors read them.
     */
    interface Queue {
        /** {@code embedded-queue} (default) or {@code azure-servicebus}. */
        @WithDefault("embedded-queue")
        String connector();

        ServiceBus servicebus();

        interface ServiceBus {
            /** Fully qualified namespace, e.g. {@code NAME.servicebus.windows.net}; reached with Entra ID. */
            Optional<String> namespace();

            /** Only for emulators and test brokers: must contain {@code UseDevelopmentEmulator=true}. */
            Optional<String> connectionString();

            /** The queue's name; its dead-letter queue is {@code <name>/$deadletterqueue}. */
            @WithDefault("jobs")
            String queueName();
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

        /** Attempts a job gets before a retryable failure fails it for good. */
        @WithDefault("5")
        int maxAttempts();

        /** Wait before the second attempt; doubled for each further one. */
        @WithDefault("1s")
        Duration initialBackoff();

        @WithDefault("1m")
        Duration maxBackoff();

        /** Longest one attempt may run before it counts as a retryable failure. */
        @WithDefault("10m")
        Duration attemptTimeout();
    }

    interface Results {
        /** How long a signed result URL stays valid. */
        @WithDefault("15m")
        Duration urlValidity();
    }

    interface Storage {
        Local local();

        Blob blob();

        /** Azure Blob Storage, reached with Microsoft Entra ID only; in use when {@code endpoint} is set. */
        interface Blob {
            /** Blob service endpoint, e.g. {@code https://ACCOUNT.blob.core.windows.net}; HTTPS only. */
            Optional<URI> endpoint();

            @WithDefault("jobs")
            String container();

            /** Validity of each user delegation key; Azure allows at most 7 days. */
            @WithDefault("1d")
            Duration delegationKeyValidity();

            /** How far SAS and delegation key start times are backdated, for clocks that run behind. */
            @WithDefault("5m")
            Duration clockSkew();

            /** Longest a storage call may take, retries included, before the client hears 503. */
            @WithDefault("10s")
            Duration requestTimeout();
        }

        interface Local {
            /** Folder for job records, results and the signing key of the embedded store. */
            @WithDefault("data")
            Path dataDir();

            /** Key for signing result URLs (base64, 32 bytes or more); generated and kept in the data folder when absent. */
            Optional<String> signingKey();
        }
    }
}
