package io.github.asyncjobs.adapter.embedded;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.github.asyncjobs.job.queue.QueueMessageMetadata;

/** A message as the embedded queue keeps it; {@code seq} is its place in the queue, 0 before it has one. */
record StoredMessage(
        long seq,
        String messageId,
        String contentType,
        Map<String, String> properties,
        byte[] body,
        Instant enqueuedTime,
        Instant expiresAt,
        int deliveryCount) {

    /** A message to be queued now, as a sender described it. */
    static StoredMessage outgoing(QueueMessageMetadata metadata, byte[] body) {
        var now = Instant.now();
        Duration ttl = metadata.timeToLive();
        return new StoredMessage(0, metadata.messageId(), metadata.contentType(), metadata.properties(), body, now,
                ttl == null ? null : now.plus(ttl), 0);
    }

    StoredMessage redelivered() {
        return new StoredMessage(seq, messageId, contentType, properties, body, enqueuedTime, expiresAt, deliveryCount + 1);
    }
}
