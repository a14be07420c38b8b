package io.github.asyncjobs.telemetry;

import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;

import io.opentelemetry.api.common.AttributeKey;

/**
 * The span attributes an operator searches by. Messaging names follow the OpenTelemetry semantic conventions;
 * the {@code job.*} names are this service's own.
 */
public final class SpanAttributes {

    public static final AttributeKey<String> JOB_ID = stringKey("job.id");
    public static final AttributeKey<String> JOB_TYPE = stringKey("job.type");
    public static final AttributeKey<Long> JOB_ATTEMPT = longKey("job.attempt");
    public static final AttributeKey<String> JOB_STATUS = stringKey("job.status");
    /** How often the queue has delivered the job's message, 1 on first delivery, whatever the broker. */
    public static final AttributeKey<Long> JOB_DELIVERY_COUNT = longKey("job.delivery_count");
    public static final AttributeKey<String> JOB_OUTCOME = stringKey("job.outcome");

    public static final AttributeKey<String> MESSAGING_SYSTEM = stringKey("messaging.system");
    public static final AttributeKey<String> MESSAGING_DESTINATION = stringKey("messaging.destination.name");
    public static final AttributeKey<String> MESSAGING_MESSAGE_ID = stringKey("messaging.message.id");
    public static final AttributeKey<String> MESSAGING_OPERATION_TYPE = stringKey("messaging.operation.type");
    public static final AttributeKey<Long> SERVICEBUS_DELIVERY_COUNT = longKey("messaging.servicebus.message.delivery_count");

    private SpanAttributes() {
    }
}
