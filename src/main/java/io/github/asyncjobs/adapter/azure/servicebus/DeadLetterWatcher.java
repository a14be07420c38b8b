package io.github.asyncjobs.adapter.azure.servicebus;

import java.util.HashMap;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

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

    private final Supplier<ServiceBusClientBuilder> clients;
    private final ServiceBusSettings settings;
    private final StuckClientGuard guard;
    private final List<DeadLetterHandler> handlers;
    private volatile ServiceBusReceiverClient deadLetters;
    private long nextSequenceNumber;
    private volatile String lastError;

    DeadLetterWatcher(Supplier<ServiceBusClientBuilder> clients, ServiceBusSettings settings, List<DeadLetterHandler> handlers,
            ScheduledExecutorService timer) {
        this.clients = clients;
        this.settings = settings;
        this.guard = new StuckClientGuard(settings.reconnectAfter());
        this.deadLetters = newReceiver();
        this.handlers = handlers;
        long interval = settings.deadLetterPollInterval().toMillis();
        timer.scheduleWithFixedDelay(this::poll, 0, interval, TimeUnit.MILLISECONDS);
    }

    private ServiceBusReceiverClient newReceiver() {
        return clients.get().receiver()
                .queueName(settings.queue())
                .subQueue(SubQueue.DEAD_LETTER_QUEUE)
                .buildClient();
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
            guard.succeeded();
        } catch (RuntimeException e) {
            if (lastError == null) {
                Log.warnf("Cannot browse the dead-letter queue: %s", e.getMessage());
            }
            lastError = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            guard.failed();
            if (guard.stuck()) {
                Log.warnf("Browsing the dead-letter queue of %s kept failing for %s; connecting again with a new receiver",
                        settings.queue(), settings.reconnectAfter());
                var stuck = deadLetters;
                deadLetters = newReceiver();
                stuck.close();
            }
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
