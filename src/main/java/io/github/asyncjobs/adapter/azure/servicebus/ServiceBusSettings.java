package io.github.asyncjobs.adapter.azure.servicebus;

import java.time.Duration;
import java.util.Optional;

import org.eclipse.microprofile.config.Config;

import com.azure.core.amqp.AmqpRetryOptions;
import com.azure.core.credential.TokenCredential;
import com.azure.core.util.ClientOptions;
import com.azure.core.util.TracingOptions;
import com.azure.messaging.servicebus.ServiceBusClientBuilder;

/** One channel's connector attributes, and the SDK client builder they describe. */
record ServiceBusSettings(
        String channel,
        String queue,
        Optional<String> namespace,
        Optional<String> connectionString,
        Duration tryTimeout,
        int maxRetries,
        int maxConcurrency,
        int prefetch,
        Duration maxLockRenewal,
        Duration healthInterval,
        Duration deadLetterPollInterval,
        Duration reconnectAfter,
        long maxMessageSize,
        boolean readinessProbe,
        Optional<Sessions> sessions) {

    /**
     * A queue that requires sessions: each message's session is the value of {@code keyProperty} plus one of
     * {@code perKey} shards; receivers take sessions in turns of at most {@code turn} messages, ending a turn early
     * when the session has had nothing for {@code idle}; and, if there is one, a priority lane beside it.
     */
    record Sessions(String keyProperty, int perKey, int turn, Duration idle, Optional<PriorityLane> priority) {
    }

    /**
     * A queue without sessions whose messages are processed before any further session turn starts: a key's
     * messages go there while the key has allowance left, {@code burst} at most, filling up by {@code rate} a second.
     */
    record PriorityLane(String queue, int burst, int rate) {
    }

    /** Service Bus Standard's limit on a whole message: 256 KB. */
    static final long STANDARD_MAX_MESSAGE_SIZE = 256 * 1024;

    static ServiceBusSettings of(Config config) {
        var namespace = text(config, "fully-qualified-namespace");
        var connectionString = text(config, "connection-string");
        if (namespace.isEmpty() && connectionString.isEmpty()) {
            throw new IllegalArgumentException("Service Bus needs jobs.queue.servicebus.namespace (or, for emulators, a connection string)");
        }
        if (connectionString.isPresent() && !connectionString.get().replace(" ", "").contains("UseDevelopmentEmulator=true")) {
            throw new IllegalArgumentException("A Service Bus connection string is accepted only for emulators and test brokers "
                    + "(UseDevelopmentEmulator=true); in Azure set jobs.queue.servicebus.namespace and use Entra ID");
        }
        return new ServiceBusSettings(
                config.getValue("channel-name", String.class),
                text(config, "queue").orElseThrow(() -> new IllegalArgumentException("No Service Bus queue name")),
                namespace,
                connectionString,
                duration(config, "try-timeout", Duration.ofSeconds(10)),
                config.getOptionalValue("max-retries", Integer.class).orElse(2),
                config.getOptionalValue("max-concurrency", Integer.class).orElse(16),
                config.getOptionalValue("prefetch", Integer.class).orElse(0),
                duration(config, "max-lock-renewal", Duration.ofMinutes(15)),
                duration(config, "health-interval", Duration.ofSeconds(5)),
                duration(config, "dead-letter-poll-interval", Duration.ofSeconds(10)),
                duration(config, "reconnect-after", Duration.ofSeconds(30)),
                config.getOptionalValue("max-message-size", Long.class).orElse(STANDARD_MAX_MESSAGE_SIZE),
                config.getOptionalValue("readiness-probe", Boolean.class).orElse(true),
                sessions(config));
    }

    private static Optional<Sessions> sessions(Config config) {
        if (!config.getOptionalValue("sessions", Boolean.class).orElse(false)) {
            return Optional.empty();
        }
        return Optional.of(new Sessions(
                text(config, "session-key-property").orElseThrow(() -> new IllegalArgumentException("Sessions need a session-key-property")),
                config.getOptionalValue("sessions-per-key", Integer.class).orElse(64),
                config.getOptionalValue("session-turn", Integer.class).orElse(4),
                duration(config, "session-idle", Duration.ofMillis(100)),
                text(config, "priority-queue").map(queue -> new PriorityLane(queue,
                        config.getOptionalValue("priority-burst", Integer.class).orElse(200),
                        config.getOptionalValue("priority-rate", Integer.class).orElse(1)))));
    }

    /** The same channel on the priority lane's queue, which has no sessions. */
    ServiceBusSettings priorityLane() {
        var lane = sessions.flatMap(Sessions::priority).orElseThrow();
        return new ServiceBusSettings(channel, lane.queue(), namespace, connectionString, tryTimeout, maxRetries, maxConcurrency,
                prefetch, maxLockRenewal, healthInterval, deadLetterPollInterval, reconnectAfter, maxMessageSize,
                readinessProbe, Optional.empty());
    }

    /** A client builder for the namespace with Entra ID, or for an emulator by connection string. */
    ServiceBusClientBuilder clientBuilder(TokenCredential credential, TracingOptions tracing) {
        var builder = new ServiceBusClientBuilder()
                .clientOptions(new ClientOptions().setTracingOptions(tracing))
                .retryOptions(new AmqpRetryOptions().setTryTimeout(tryTimeout).setMaxRetries(maxRetries));
        return connectionString.isPresent() ? builder.connectionString(connectionString.get())
                : builder.fullyQualifiedNamespace(namespace.get()).credential(credential);
    }

    private static Optional<String> text(Config config, String name) {
        return config.getOptionalValue(name, String.class).map(String::trim).filter(value -> !value.isEmpty());
    }

    private static Duration duration(Config config, String name, Duration fallback) {
        return config.getOptionalValue(name, Duration.class).orElse(fallback);
    }
}
