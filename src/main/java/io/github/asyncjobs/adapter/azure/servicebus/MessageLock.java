package io.github.asyncjobs.adapter.azure.servicebus;

import java.time.Duration;

import com.azure.messaging.servicebus.ServiceBusReceivedMessage;
import com.azure.messaging.servicebus.ServiceBusReceivedMessageContext;
import com.azure.messaging.servicebus.ServiceBusReceiverAsyncClient;
import com.azure.messaging.servicebus.models.DeadLetterOptions;

/** How one delivered message is settled: through the processor's context, or the session receiver it came from. */
interface MessageLock {

    void complete();

    void abandon();

    void deadLetter(DeadLetterOptions options);

    static MessageLock of(ServiceBusReceivedMessageContext context) {
        return new MessageLock() {
            @Override
            public void complete() {
                context.complete();
            }

            @Override
            public void abandon() {
                context.abandon();
            }

            @Override
            public void deadLetter(DeadLetterOptions options) {
                context.deadLetter(options);
            }
        };
    }

    /** Settles on the session's link, the only one Service Bus takes it on. */
    static MessageLock of(ServiceBusReceiverAsyncClient receiver, ServiceBusReceivedMessage message, Duration timeout) {
        return new MessageLock() {
            @Override
            public void complete() {
                receiver.complete(message).block(timeout);
            }

            @Override
            public void abandon() {
                receiver.abandon(message).block(timeout);
            }

            @Override
            public void deadLetter(DeadLetterOptions options) {
                receiver.deadLetter(message, options).block(timeout);
            }
        };
    }
}
