package io.github.asyncjobs.testing.servicebus;

import java.time.Duration;
import java.util.Map;

/**
 * A snapshot of a message held by {@link TestServiceBus}. {@code deliveryCount} counts failed deliveries
 * (abandons and lost or expired locks), as the next delivery's header will report it.
 */
public record BrokerMessage(String messageId, String contentType, Map<String, Object> applicationProperties, byte[] body,
                            Duration timeToLive, long sequenceNumber, int deliveryCount,
                            String deadLetterReason, String deadLetterErrorDescription) {
}
