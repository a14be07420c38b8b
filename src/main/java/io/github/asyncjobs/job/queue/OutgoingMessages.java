package io.github.asyncjobs.job.queue;

import java.nio.charset.StandardCharsets;

import org.eclipse.microprofile.reactive.messaging.Message;

/** What every queue connector of this service reads from an outgoing message, read the same way by all. */
public final class OutgoingMessages {

    private OutgoingMessages() {
    }

    public static QueueMessageMetadata metadata(Message<?> message) {
        return message.getMetadata(QueueMessageMetadata.class)
                .orElseThrow(() -> new IllegalArgumentException("Message without QueueMessageMetadata"));
    }

    /** The body: a {@code byte[]} as it is, a {@code String} as UTF-8. */
    public static byte[] body(Message<?> message) {
        var payload = message.getPayload();
        if (payload instanceof byte[] bytes) {
            return bytes;
        }
        if (payload instanceof String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        throw new IllegalArgumentException("Unsupported payload type " + payload.getClass().getName());
    }
}
