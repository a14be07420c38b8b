package io.github.asyncjobs.adapter.azure.servicebus;

import java.nio.BufferOverflowException;
import java.util.HashMap;

import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Data;

import io.github.asyncjobs.job.queue.QueueMessageMetadata;

/**
 * The size Service Bus counts against its message size limit: the whole AMQP message (header, properties, application
 * properties, body), encoded as the SDK encodes a {@code ServiceBusMessage} with this metadata.
 */
final class AmqpMessageSize {

    private AmqpMessageSize() {
    }

    static long of(QueueMessageMetadata metadata, byte[] body) {
        var message = Proton.message();
        message.setMessageId(metadata.messageId());
        message.setContentType(metadata.contentType());
        if (metadata.timeToLive() != null) {
            message.setTtl(metadata.timeToLive().toMillis());
        }
        message.setApplicationProperties(new ApplicationProperties(new HashMap<>(metadata.properties())));
        message.setBody(new Data(new Binary(body)));
        // proton-j's encoder wants headroom beyond the exact size: grow the buffer until the message fits.
        for (int capacity = body.length + 4096; ; capacity *= 2) {
            try {
                return message.encode(new byte[capacity], 0, capacity);
            } catch (BufferOverflowException tooSmall) {
                // try again, larger
            }
        }
    }
}
