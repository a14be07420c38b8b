package io.github.asyncjobs.adapter.azure.servicebus;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.eclipse.microprofile.reactive.messaging.Message;

import com.azure.core.util.BinaryData;
import com.azure.messaging.servicebus.ServiceBusMessage;
import com.azure.messaging.servicebus.ServiceBusSenderAsyncClient;

import io.github.asyncjobs.job.queue.OutgoingMessages;
import io.github.asyncjobs.telemetry.TraceContextProperties;
import io.quarkus.logging.Log;

/**
 * An outgoing channel on a Service Bus queue: each message sent on its own as soon as it comes (a benchmark with an
 * Azure region's latency showed that coalescing concurrent sends into batches does not pay: the SDK pipelines them on
 * one link). Readiness probes the namespace every health interval; a sender that keeps failing is replaced
 * ({@link StuckClientGuard}).
 */
final class ServiceBusOutbound implements AutoCloseable {

    /** Sends under way; beyond that a send fails at once (the caller gets a 503) instead of queueing up. */
    private static final int MAX_PENDING_SENDS = 10_000;

    private final ServiceBusSettings settings;
    private final Supplier<ServiceBusSenderAsyncClient> clients;
    private final StuckClientGuard guard;
    private final Semaphore pending = new Semaphore(MAX_PENDING_SENDS);
    private volatile ServiceBusSenderAsyncClient client;
    private volatile String lastError = "not probed yet";

    ServiceBusOutbound(Supplier<ServiceBusSenderAsyncClient> clients, ServiceBusSettings settings, ScheduledExecutorService timer) {
        this.settings = settings;
        this.clients = clients;
        this.guard = new StuckClientGuard(settings.reconnectAfter());
        this.client = clients.get();
        long interval = settings.healthInterval().toMillis();
        timer.scheduleWithFixedDelay(this::probe, 0, interval, TimeUnit.MILLISECONDS);
    }

    /** Null while the namespace answers, else why it does not. */
    String lastError() {
        return lastError;
    }

    /** Sends one message asynchronously; the SDK's send span goes into the trace the message carries. */
    void send(Message<?> message) {
        if (!pending.tryAcquire()) {
            message.nack(new IllegalStateException("Too many messages waiting to be sent"));
            return;
        }
        var trace = TraceContextProperties.extract(OutgoingMessages.metadata(message).properties());
        try (var scope = trace.makeCurrent()) {
            client.sendMessage(toServiceBus(message)).subscribe(null, failure -> {
                pending.release();
                guard.failed();
                message.nack(failure);
            }, () -> {
                pending.release();
                guard.succeeded();
                message.ack();
            });
        }
    }

    /** Whether a batch can be made, which needs the namespace and a token; replaces a sender stuck failing. */
    private void probe() {
        try {
            client.createMessageBatch().block(settings.tryTimeout());
            lastError = null;
        } catch (RuntimeException e) {
            guard.failed();
            lastError = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        if (guard.stuck()) {
            Log.warnf("Service Bus sends to %s kept failing for %s; connecting again with a new sender", settings.queue(),
                    settings.reconnectAfter());
            var stuck = client;
            client = clients.get();
            closeQuietly(stuck);
        }
    }

    @Override
    public void close() {
        closeQuietly(client);
    }

    private static void closeQuietly(ServiceBusSenderAsyncClient sender) {
        try {
            sender.close();
        } catch (RuntimeException e) {
            Log.debugf("Closing a Service Bus sender failed: %s", e.getMessage());
        }
    }

    private static ServiceBusMessage toServiceBus(Message<?> message) {
        var metadata = OutgoingMessages.metadata(message);
        var serviceBusMessage = new ServiceBusMessage(BinaryData.fromBytes(OutgoingMessages.body(message)))
                .setMessageId(metadata.messageId())
                .setContentType(metadata.contentType());
        if (metadata.timeToLive() != null) {
            serviceBusMessage.setTimeToLive(metadata.timeToLive());
        }
        serviceBusMessage.getApplicationProperties().putAll(metadata.properties());
        return serviceBusMessage;
    }
}
