package io.github.asyncjobs.testing.servicebus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The queue properties the test broker honours; a zero duplicate-detection window turns detection off.
 * {@code maxMessageSize} is the largest message (body, properties and headers, in bytes) the queue takes: the tier's
 * limit on Standard, the queue's {@code maxMessageSizeInKilobytes} on Premium. {@code requiresSession}: every message
 * names its session, and receivers take one session at a time ({@code requiresSession} in Bicep).
 */
public record QueueSettings(Duration lockDuration, int maxDeliveryCount, Duration defaultTimeToLive,
                            Duration duplicateDetectionWindow, boolean deadLetteringOnMessageExpiration, long maxMessageSize,
                            boolean requiresSession) {

    /** Service Bus Standard's limit: 256 KB. */
    public static final long STANDARD_MAX_MESSAGE_SIZE = 256 * 1024;

    /**
     * 30 s lock, 10 deliveries, 1 day time to live, 10 minute duplicate-detection window, dead-lettering on expiry,
     * messages up to Standard's 256 KB, no sessions.
     */
    public static QueueSettings defaults() {
        return new QueueSettings(Duration.ofSeconds(30), 10, Duration.ofDays(1), Duration.ofMinutes(10), true,
                STANDARD_MAX_MESSAGE_SIZE, false);
    }

    /** The queue as infra/queue-settings.json creates it in Azure (Standard's message size). */
    public static QueueSettings asDeployed() {
        try {
            var queue = new ObjectMapper().readTree(Path.of("infra/queue-settings.json").toFile());
            return new QueueSettings(Duration.parse(queue.path("lockDuration").asText()), queue.path("maxDeliveryCount").asInt(),
                    Duration.parse(queue.path("defaultMessageTimeToLive").asText()),
                    queue.path("requiresDuplicateDetection").asBoolean()
                            ? Duration.parse(queue.path("duplicateDetectionHistoryTimeWindow").asText()) : Duration.ZERO,
                    queue.path("deadLetteringOnMessageExpiration").asBoolean(), STANDARD_MAX_MESSAGE_SIZE,
                    queue.path("requiresSession").asBoolean());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public QueueSettings withLockDuration(Duration lockDuration) {
        return new QueueSettings(lockDuration, maxDeliveryCount, defaultTimeToLive, duplicateDetectionWindow,
                deadLetteringOnMessageExpiration, maxMessageSize, requiresSession);
    }

    public QueueSettings withMaxDeliveryCount(int maxDeliveryCount) {
        return new QueueSettings(lockDuration, maxDeliveryCount, defaultTimeToLive, duplicateDetectionWindow,
                deadLetteringOnMessageExpiration, maxMessageSize, requiresSession);
    }

    public QueueSettings withDefaultTimeToLive(Duration defaultTimeToLive) {
        return new QueueSettings(lockDuration, maxDeliveryCount, defaultTimeToLive, duplicateDetectionWindow,
                deadLetteringOnMessageExpiration, maxMessageSize, requiresSession);
    }

    /** A Premium queue's {@code maxMessageSizeInKilobytes}, in bytes. */
    public QueueSettings withMaxMessageSize(long maxMessageSize) {
        return new QueueSettings(lockDuration, maxDeliveryCount, defaultTimeToLive, duplicateDetectionWindow,
                deadLetteringOnMessageExpiration, maxMessageSize, requiresSession);
    }

    public QueueSettings withRequiresSession(boolean requiresSession) {
        return new QueueSettings(lockDuration, maxDeliveryCount, defaultTimeToLive, duplicateDetectionWindow,
                deadLetteringOnMessageExpiration, maxMessageSize, requiresSession);
    }
}
