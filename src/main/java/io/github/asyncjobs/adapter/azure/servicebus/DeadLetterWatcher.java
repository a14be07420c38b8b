package io.github.asyncjobs.adapter.azure.servicebus;

import java.util.HashMap;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.azure.messaging.servicebus.ServiceBusClientBuilder;
import com.azure.messaging.servicebus.ServiceBusReceivedMessage;
import com.azure.messaging.servicebus.ServiceBusReceiverClient;
import com.azure.messaging.servicebus.models.SubQueue;

import io.github.asyncjobs.job.queue.DeadLetterHandler;
import io.github.asyncjobs.job.queue.DeadLetteredMessage;
import io.quarkus.logging.Log;

/**
 * Browses a queue's dead-letter queue (peek, which removes nothing, so operators can still inspect and
 * resubmit what is there) and tells the {@link DeadLetterHandler}s about each message once per process.
 * After a restart it starts from the beginning again: handlers must be idempotent.
 */
final class DeadLetterWatcher implements AutoCloseable {

    private static final int PAGE = 100;

    private final ServiceBusReceiverClient deadLetters;
    private final List<DeadLetterHandler> handlers;
    private long nextSequenceNumber;
    private volatile String lastError;

    DeadLetterWatcher(ServiceBusClientBuilder client, ServiceBusSettings settings, List<DeadLetterHandler> handlers,
            ScheduledExecutorService timer) {
        this.deadLetters = client.receiver()
                .queueName(settings.queue())
                .subQueue(SubQueue.DEAD_LETTER_QUEUE)
                .buildClient();
        this.handlers = handlers;
        long interval = settings.deadLetterPollInterval().toMillis();
        timer.scheduleWithFixedDelay(this::poll, 0, interval, TimeUnit.MILLISECONDS);
    }

    /** Null while the last browse worked, else why it did not. */
    String lastError() {
        return lastError;
    }

    private void poll() {
        try {
            List<ServiceBusReceivedMessage> page;
            do {
                page = deadLetters.peekMessages(PAGE, nextSequenceNumber).stream().toList();
                for (var message : page) {
                    if (!report(message)) {
                        return; // tried again at the next poll
                    }
                    nextSequenceNumber = Math.max(nextSequenceNumber, message.getSequenceNumber() + 1);
                }
            } while (page.size() == PAGE);
            lastError = null;
        } catch (RuntimeException e) {
            if (lastError == null) {
                Log.warnf("Cannot browse the dead-letter queue: %s", e.getMessage());
            }
            lastError = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
    }

    /** False when a handler failed, so that the message is reported again later. */
    private boolean report(ServiceBusReceivedMessage message) {
        var properties = new HashMap<String, String>();
        message.getApplicationProperties().forEach((key, value) -> properties.put(key, String.valueOf(value)));
        var deadLettered = new DeadLetteredMessage(message.getMessageId(), properties, message.getDeadLetterReason(),
                message.getDeadLetterErrorDescription(), message.getBody().toBytes());
        for (var handler : handlers) {
            try {
                handler.deadLettered(deadLettered);
            } catch (RuntimeException e) {
                Log.warnf("A dead-letter handler failed on message %s: %s", message.getMessageId(), e.getMessage());
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        deadLetters.close();
    }
}
