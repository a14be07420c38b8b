package io.github.asyncjobs.job.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Broker-neutral message metadata that every queue connector of this service understands.
 * On outgoing messages the sender fills {@code messageId}, {@code contentType}, {@code properties} and
 * {@code timeToLive} and, for a message to be delivered later, {@code scheduledEnqueueTime}; on incoming messages the connector also fills {@code deliveryCount} (1 on first
 * delivery) and {@code enqueuedTime}.
 */
public record QueueMessageMetadata(
        String messageId,
        String contentType,
        Map<String, String> properties,
        Duration timeToLive,
        int deliveryCount,
        Instant enqueuedTime,
        Instant scheduledEnqueueTime) {

    /** @param scheduledEnqueueTime when the broker may deliver the message (its time to live counts from then); null for now */
    public static QueueMessageMetadata outgoing(String messageId, String contentType, Map<String, String> properties,
            Duration timeToLive, Instant scheduledEnqueueTime) {
        return new QueueMessageMetadata(messageId, contentType, Map.copyOf(properties), timeToLive, 0, null, scheduledEnqueueTime);
    }
}
