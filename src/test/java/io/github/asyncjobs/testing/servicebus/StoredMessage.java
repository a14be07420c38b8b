package io.github.asyncjobs.testing.servicebus;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.UnsignedInteger;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.Header;
import org.apache.qpid.proton.amqp.messaging.MessageAnnotations;
import org.apache.qpid.proton.message.Message;

/** A message as the broker keeps it: the message the client sent plus Service Bus bookkeeping. Reactor thread only. */
final class StoredMessage {

    private static final Symbol SEQUENCE_NUMBER = Symbol.valueOf("x-opt-sequence-number");
    private static final Symbol ENQUEUED_TIME = Symbol.valueOf("x-opt-enqueued-time");
    private static final Symbol LOCKED_UNTIL = Symbol.valueOf("x-opt-locked-until");
    private static final Symbol DEAD_LETTER_SOURCE = Symbol.valueOf("x-opt-deadletter-source");

    final Message message;
    final long sequenceNumber;
    final long enqueuedTime;
    final Duration timeToLive;
    /** The session it belongs to (the AMQP group-id, the SDK's SessionId), or null. */
    final String sessionId;
    int deliveryCount;
    UUID lockToken;
    long lockedUntil;
    private String deadLetterReason;
    private String deadLetterErrorDescription;
    private String deadLetterSource;

    StoredMessage(Message message, long sequenceNumber, long enqueuedTime, Duration timeToLive) {
        this.message = message;
        this.sequenceNumber = sequenceNumber;
        this.enqueuedTime = enqueuedTime;
        this.timeToLive = timeToLive;
        this.sessionId = message.getProperties() == null ? null : message.getProperties().getGroupId();
    }

    static String messageId(Message message) {
        var properties = message.getProperties();
        return properties == null || properties.getMessageId() == null ? null : properties.getMessageId().toString();
    }

    boolean expired(long now) {
        return now - enqueuedTime >= timeToLive.toMillis();
    }

    void deadLettered(String reason, String description, String source) {
        deadLetterReason = reason;
        deadLetterErrorDescription = description;
        deadLetterSource = source;
    }

    /** The message as delivered or peeked: a header with the delivery count, plus the broker's annotations. */
    Message toAmqp(boolean withLock) {
        var header = new Header();
        var sent = message.getHeader();
        if (sent != null) {
            header.setDurable(sent.getDurable());
            header.setPriority(sent.getPriority());
            header.setTtl(sent.getTtl());
        }
        header.setDeliveryCount(UnsignedInteger.valueOf(deliveryCount));

        Map<Symbol, Object> annotations = new HashMap<>();
        if (message.getMessageAnnotations() != null) {
            annotations.putAll(message.getMessageAnnotations().getValue());
        }
        annotations.put(SEQUENCE_NUMBER, sequenceNumber);
        annotations.put(ENQUEUED_TIME, new Date(enqueuedTime));
        if (withLock) {
            annotations.put(LOCKED_UNTIL, new Date(lockedUntil));
        }
        if (deadLetterSource != null) {
            annotations.put(DEAD_LETTER_SOURCE, deadLetterSource);
        }

        Map<String, Object> properties = new LinkedHashMap<>(applicationProperties());
        if (deadLetterReason != null) {
            properties.put("DeadLetterReason", deadLetterReason);
        }
        if (deadLetterErrorDescription != null) {
            properties.put("DeadLetterErrorDescription", deadLetterErrorDescription);
        }
        return Message.Factory.create(header, null, new MessageAnnotations(annotations), message.getProperties(),
                new ApplicationProperties(properties), message.getBody(), message.getFooter());
    }

    BrokerMessage snapshot() {
        var properties = message.getProperties();
        String contentType = properties == null || properties.getContentType() == null
                ? null : properties.getContentType().toString();
        return new BrokerMessage(messageId(message), contentType, Collections.unmodifiableMap(applicationProperties()), body(),
                timeToLive, sequenceNumber, deliveryCount, deadLetterReason, deadLetterErrorDescription);
    }

    private Map<String, Object> applicationProperties() {
        var properties = message.getApplicationProperties();
        return properties == null || properties.getValue() == null
                ? new LinkedHashMap<>() : new LinkedHashMap<>(properties.getValue());
    }

    private byte[] body() {
        if (message.getBody() instanceof Data data) {
            Binary binary = data.getValue();
            var bytes = new byte[binary.getLength()];
            System.arraycopy(binary.getArray(), binary.getArrayOffset(), bytes, 0, bytes.length);
            return bytes;
        }
        if (message.getBody() instanceof AmqpValue value && value.getValue() instanceof String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        return new byte[0];
    }
}
