package io.github.asyncjobs.adapter.embedded;

import java.time.Instant;
import java.util.Map;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A message as the embedded queue keeps it on disk. */
@RegisterForReflection
record StoredMessage(
        String messageId,
        String contentType,
        Map<String, String> properties,
        byte[] body,
        Instant enqueuedTime,
        Instant expiresAt,
        int deliveryCount) {

    StoredMessage redelivered() {
        return new StoredMessage(messageId, contentType, properties, body, enqueuedTime, expiresAt, deliveryCount + 1);
    }
}
