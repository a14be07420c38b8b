package io.github.asyncjobs.testing.servicebus;

import java.time.Duration;

/** The queue properties the test broker honours; a zero duplicate-detection window turns detection off. */
public record QueueSettings(Duration lockDuration, int maxDeliveryCount, Duration defaultTimeToLive,
                            Duration duplicateDetectionWindow, boolean deadLetteringOnMessageExpiration) {

    /** 30 s lock, 10 deliveries, 1 day time to live, 10 minute duplicate-detection window, dead-lettering on expiry. */
    public static QueueSettings defaults() {
        return new QueueSettings(Duration.ofSeconds(30), 10, Duration.ofDays(1), Duration.ofMinutes(10), true);
    }

    public QueueSettings withLockDuration(Duration lockDuration) {
        return new QueueSettings(lockDuration, maxDeliveryCount, defaultTimeToLive, duplicateDetectionWindow,
                deadLetteringOnMessageExpiration);
    }

    public QueueSettings withMaxDeliveryCount(int maxDeliveryCount) {
        return new QueueSettings(lockDuration, maxDeliveryCount, defaultTimeToLive, duplicateDetectionWindow,
                deadLetteringOnMessageExpiration);
    }

    public QueueSettings withDefaultTimeToLive(Duration defaultTimeToLive) {
        return new QueueSettings(lockDuration, maxDeliveryCount, defaultTimeToLive, duplicateDetectionWindow,
                deadLetteringOnMessageExpiration);
    }
}
