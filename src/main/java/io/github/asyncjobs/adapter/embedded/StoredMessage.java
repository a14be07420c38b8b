package io.github.asyncjobs.adapter.embedded;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.github.asyncjobs.job.queue.QueueMessageMetadata;

/**
 * A message as the embedded queue keeps it; {@code seq} is its place in the queue, 0 before it has one. A message
 * scheduled for later is enqueued at its scheduled time, as Service Bus does: it is delivered from then on, and its
 * time to live counts from then.
 */
record StoredMessage(
        long seq,
        String messageId,
        String contentType,
        Map<String, String> properties,
        byte[] body,
        Instant enqueuedTime,
        Instant expiresAt,
        int deliveryCount) {

    /** A message to be queued, as a sender described it: enqueued now, or at its scheduled time if that is later. */
    static StoredMessage outgoing(QueueMessageMetadata metadata, byte[] body) {
        var now = Instant.now();
        var enqueued = metadata.scheduledEnqueueTime() != null && metadata.scheduledEnqueueTime().isAfter(now)
                ? metadata.scheduledEnqueueTime() : now;
        Duration ttl = metadata.timeToLive();
        return new StoredMessage(0, metadata.messageId(), metadata.contentType(), metadata.properties(), body, enqueued,
                ttl == null ? null : enqueued.plus(ttl), 0);
    }

    StoredMessage redelivered() {
        return new StoredMessage(seq, messageId, contentType, properties, body, enqueuedTime, expiresAt, deliveryCount + 1);
    }
}
