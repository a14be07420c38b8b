package io.github.asyncjobs.adapter.azure.servicebus;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.OptionalLong;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.eclipse.microprofile.reactive.messaging.Message;

import com.azure.core.amqp.exception.AmqpErrorCondition;
import com.azure.core.amqp.exception.AmqpException;
import com.azure.core.util.BinaryData;
import com.azure.messaging.servicebus.ServiceBusException;
import com.azure.messaging.servicebus.ServiceBusFailureReason;
import com.azure.messaging.servicebus.ServiceBusMessage;
import com.azure.messaging.servicebus.ServiceBusSenderAsyncClient;

import io.github.asyncjobs.job.queue.OutgoingMessages;
import io.github.asyncjobs.job.queue.QueueRefusedException;
import io.github.asyncjobs.telemetry.TraceContextProperties;
import io.quarkus.logging.Log;

/**
 * An outgoing channel on a Service Bus queue: each message sent on its own as soon as it comes (a benchmark with an
 * Azure region's latency showed that coalescing concurrent sends into batches does not pay: the SDK pipelines them on
 * one link). Readiness probes the namespace every health interval, unless the instance never sends (the worker, whose
 * identity may not send: then no send link is opened at all); a sender that keeps failing is replaced
 * ({@link StuckClientGuard}). A send the namespace refuses for good (too large, not authorized) fails with
 * {@link QueueRefusedException}: not an outage, so it counts toward neither the guard nor the breaker.
 */
final class ServiceBusOutbound implements AutoCloseable {

    /** A sequence number no message has: cancelling it is a round trip that needs the Send right and changes nothing. */
    private static final long NO_SUCH_MESSAGE = Long.MAX_VALUE;
    /** Sends under way; beyond that a send fails at once (the caller gets a 503) instead of queueing up. */
    private static final int MAX_PENDING_SENDS = 10_000;

    private final ServiceBusSettings settings;
    private final Supplier<ServiceBusSenderAsyncClient> clients;
    private final StuckClientGuard guard;
    private final Semaphore pending = new Semaphore(MAX_PENDING_SENDS);
    private volatile ServiceBusSenderAsyncClient client;
    private volatile String lastError;

    ServiceBusOutbound(Supplier<ServiceBusSenderAsyncClient> clients, ServiceBusSettings settings, ScheduledExecutorService timer) {
        this.settings = settings;
        this.clients = clients;
        this.guard = new StuckClientGuard(settings.reconnectAfter());
        // Building a sender opens nothing; its first send or probe opens the link.
        this.client = clients.get();
        if (settings.readinessProbe()) {
            lastError = "not probed yet";
            long interval = settings.healthInterval().toMillis();
            timer.scheduleWithFixedDelay(this::probe, 0, interval, TimeUnit.MILLISECONDS);
        }
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
            client.sendMessage(toServiceBus(message, settings)).subscribe(null, failure -> {
                pending.release();
                var refused = refusal(failure);
                if (refused == null) {
                    guard.failed();
                }
                message.nack(refused == null ? failure : refused);
            }, () -> {
                pending.release();
                guard.succeeded();
                message.ack();
            });
        }
    }

    /** The failure as a {@link QueueRefusedException} when retrying cannot help, else null (an outage, a timeout). */
    static QueueRefusedException refusal(Throwable failure) {
        var amqp = failure instanceof AmqpException e ? e : failure.getCause() instanceof AmqpException e ? e : null;
        var serviceBus = failure instanceof ServiceBusException e ? e : null;
        if (serviceBus != null ? serviceBus.isTransient() : amqp == null || amqp.isTransient()) {
            return null;
        }
        if (serviceBus != null && serviceBus.getReason() == ServiceBusFailureReason.MESSAGE_SIZE_EXCEEDED
                || amqp != null && amqp.getErrorCondition() == AmqpErrorCondition.LINK_PAYLOAD_SIZE_EXCEEDED) {
            return QueueRefusedException.tooLarge("The queue refused the job's message as too large", OptionalLong.empty(), failure);
        }
        var reason = serviceBus != null ? String.valueOf(serviceBus.getReason()) : String.valueOf(amqp.getErrorCondition());
        return QueueRefusedException.refused("The queue refused the job (" + reason + ")", failure);
    }

    /**
     * Cancels a scheduled message that does not exist: a round trip to the namespace that needs the Send claim and
     * changes nothing; the namespace answers that it found none. (Making a batch proves nothing once the send link is
     * open: the SDK answers it from the link it holds, even after the connection under it is gone.) Replaces a sender
     * stuck failing.
     */
    private void probe() {
        try {
            client.cancelScheduledMessage(NO_SUCH_MESSAGE).block(settings.tryTimeout());
            probed(null);
        } catch (ServiceBusException e) {
            probed(e.getReason() == ServiceBusFailureReason.MESSAGE_NOT_FOUND ? null : e);
        } catch (RuntimeException e) {
            probed(e);
        }
        if (guard.stuck()) {
            Log.warnf("Service Bus sends to %s kept failing for %s; connecting again with a new sender", settings.queue(),
                    settings.reconnectAfter());
            var stuck = client;
            client = clients.get();
            closeQuietly(stuck);
        }
    }

    private void probed(RuntimeException failure) {
        if (failure == null) {
            lastError = null;
        } else {
            guard.failed();
            lastError = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
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

    private static ServiceBusMessage toServiceBus(Message<?> message, ServiceBusSettings settings) {
        var metadata = OutgoingMessages.metadata(message);
        var serviceBusMessage = new ServiceBusMessage(BinaryData.fromBytes(OutgoingMessages.body(message)))
                .setMessageId(metadata.messageId())
                .setContentType(metadata.contentType());
        if (metadata.scheduledEnqueueTime() != null && metadata.scheduledEnqueueTime().isAfter(Instant.now())) {
            // A scheduled message: Service Bus keeps it out of the queue until then, and counts its time to live from then.
            serviceBusMessage.setScheduledEnqueueTime(metadata.scheduledEnqueueTime().atOffset(ZoneOffset.UTC));
        }
        if (metadata.timeToLive() != null) {
            serviceBusMessage.setTimeToLive(metadata.timeToLive());
        }
        serviceBusMessage.getApplicationProperties().putAll(metadata.properties());
        settings.sessions().ifPresent(sessions -> serviceBusMessage.setSessionId(sessionId(sessions,
                metadata.properties().get(sessions.keyProperty()), metadata.messageId())));
        return serviceBusMessage;
    }

    /**
     * The key's shard for this message: a key's messages are spread over {@code perKey} sessions by message id, so that
     * one key's backlog can be processed by that many slots at once. Keys are hashes here (job_caller); a session id may
     * have 128 characters.
     */
    static String sessionId(ServiceBusSettings.Sessions sessions, String key, String messageId) {
        int shard = Math.floorMod(String.valueOf(messageId).hashCode(), sessions.perKey());
        return (key == null ? "none" : key) + "." + shard;
    }
}
