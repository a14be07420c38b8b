package io.github.asyncjobs.testing.servicebus;

import java.time.Duration;

/**
 * The queue properties the test broker honours; a zero duplicate-detection window turns detection off.
 * {@code maxMessageSize} is the largest message (body, properties and headers, in bytes) the queue takes: the tier's
 * limit on Standard, the queue's {@code maxMessageSizeInKilobytes} on Premium.
 */
public record QueueSettings(Duration lockDuration, int maxDeliveryCount, Duration defaultTimeToLive,
                            Duration duplicateDetectionWindow, boolean deadLetteringOnMessageExpiration, long maxMessageSize) {

    /** Service Bus Standard's limit: 256 KB. */
    public static final long STANDARD_MAX_MESSAGE_SIZE = 256 * 1024;

    /**
     * 30 s lock, 10 deliveries, 1 day time to live, 10 minute duplicate-detection window, dead-lettering on expiry,
     * messages up to Standard's 256 KB.
     */
    public static QueueSettings defaults() {
        return new QueueSettings(Duration.ofSeconds(30), 10, Duration.ofDays(1), Duration.ofMinutes(10), true,
                STANDARD_MAX_MESSAGE_SIZE);
    }

    public QueueSettings withLockDuration(Duration lockDuration) {
        return new QueueSettings(lockDuration, maxDeliveryCount, defaultTimeToLive, duplicateDetectionWindow,
                deadLetteringOnMessageExpiration, maxMessageSize);
    }

    public QueueSettings withMaxDeliveryCount(int maxDeliveryCount) {
        return new QueueSettings(lockDuration, maxDeliveryCount, defaultTimeToLive, duplicateDetectionWindow,
                deadLetteringOnMessageExpiration, maxMessageSize);
    }

    public QueueSettings withDefaultTimeToLive(Duration defaultTimeToLive) {
        return new QueueSettings(lockDuration, maxDeliveryCount, defaultTimeToLive, duplicateDetectionWindow,
                deadLetteringOnMessageExpiration, maxMessageSize);
    }

    /** A Premium queue's {@code maxMessageSizeInKilobytes}, in bytes. */
    public QueueSettings withMaxMessageSize(long maxMessageSize) {
        return new QueueSettings(lockDuration, maxDeliveryCount, defaultTimeToLive, duplicateDetectionWindow,
                deadLetteringOnMessageExpiration, maxMessageSize);
    }
}
