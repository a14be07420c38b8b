package io.github.asyncjobs.adapter.azure.servicebus;

import java.time.Duration;
import java.util.HashMap;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

import com.azure.messaging.servicebus.ServiceBusClientBuilder;
import com.azure.messaging.servicebus.ServiceBusErrorContext;
import com.azure.messaging.servicebus.ServiceBusReceivedMessage;
import com.azure.messaging.servicebus.ServiceBusReceiverAsyncClient;
import com.azure.messaging.servicebus.models.DeadLetterOptions;
import com.azure.messaging.servicebus.models.ServiceBusReceiveMode;

import io.github.asyncjobs.job.queue.DeadLetter;
import io.github.asyncjobs.job.queue.DeliveryMetadata;
import io.github.asyncjobs.job.queue.HandBack;
import io.github.asyncjobs.job.queue.QueueMessageMetadata;
import io.github.asyncjobs.job.queue.RedeliveryDelay;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.vertx.core.Context;

/**
 * An incoming channel on a Service Bus queue: a processor client in peek-lock mode (competing consumers,
 * lock renewal), or on a queue that requires sessions {@link SessionTurns}, whose messages become SmallRye messages.
 * The two share {@link SharedSlots} when a priority lane (a processor) runs beside session turns.
 * A delivery holds its slot until its message is settled, so the concurrency slot and the lock renewal last as long as
 * the work. Ack completes; nack abandons (after its {@link RedeliveryDelay}, holding the lock meanwhile) or
 * dead-letters ({@link DeadLetter}).
 */
final class ServiceBusInbound implements AutoCloseable {

    private final ServiceBusSettings settings;
    private final Supplier<ServiceBusClientBuilder> clients;
    private final StuckClientGuard guard;
    private final ScheduledExecutorService timer;
    private final Context context;
    private final SharedSlots slots;
    private final Set<Settlement> inFlight = ConcurrentHashMap.newKeySet();
    private volatile MultiEmitter<? super Message<byte[]>> emitter;
    private volatile Receiving receiving;
    private volatile ServiceBusReceiverAsyncClient probe;
    private volatile boolean stopped;

    ServiceBusInbound(Supplier<ServiceBusClientBuilder> clients, ServiceBusSettings settings, Context context,
            ScheduledExecutorService timer, SharedSlots slots) {
        this.settings = settings;
        this.slots = slots;
        this.clients = clients;
        this.guard = new StuckClientGuard(settings.reconnectAfter());
        this.timer = timer;
        this.context = context;
        connect();
    }

    /** What takes messages off the queue, started and closed as one. */
    private record Receiving(Runnable start, Runnable close) {
    }

    /**
     * A processor (or session turns) and a receiver to probe with, from one builder: they share its connection, so that
     * a probe that fails tells that the processor's connection fails too.
     */
    private void connect() {
        var builder = clients.get();
        probe = builder.receiver().queueName(settings.queue()).buildAsyncClient();
        if (settings.sessions().isPresent()) {
            var turns = new SessionTurns(builder, settings, this::deliver, guard, timer, slots);
            receiving = new Receiving(turns::start, turns::close);
            return;
        }
        var processor = builder.processor()
                .queueName(settings.queue())
                .receiveMode(ServiceBusReceiveMode.PEEK_LOCK)
                .disableAutoComplete()
                .maxConcurrentCalls(settings.maxConcurrency())
                .prefetchCount(settings.prefetch())
                .maxAutoLockRenewDuration(settings.maxLockRenewal())
                .processMessage(context -> {
                    // Beside session turns, this is the priority lane: its jobs take their slots from the turns.
                    slots.priorityStarted();
                    try {
                        deliver(context.getMessage(), MessageLock.of(context)).join();
                    } finally {
                        slots.priorityEnded();
                    }
                })
                .processError(this::error)
                .buildProcessorClient();
        receiving = new Receiving(processor::start, processor::close);
    }

    Multi<Message<byte[]>> messages() {
        return Multi.createFrom().emitter(e -> {
            emitter = e;
            receiving.start().run();
            long interval = settings.healthInterval().toMillis();
            timer.scheduleWithFixedDelay(this::probe, interval, interval, TimeUnit.MILLISECONDS);
        });
    }

    /**
     * Peeks at the queue over the processor's connection (a round trip, whether or not a message waits); a processor
     * whose peeks, settlements and receives only fail is replaced ({@link StuckClientGuard}).
     */
    private void probe() {
        try {
            probe.peekMessage().block(settings.tryTimeout());
            guard.succeeded();
        } catch (RuntimeException e) {
            guard.failed();
        }
        if (stopped || !guard.stuck()) {
            return;
        }
        Log.warnf("Receiving from Service Bus queue %s kept failing for %s; connecting again with a new processor",
                settings.queue(), settings.reconnectAfter());
        var stuck = receiving;
        var stuckProbe = probe;
        connect();
        receiving.start().run();
        // Off the timer: closing waits for the old processor's callbacks, whose settlements can only fail now.
        CompletableFuture.runAsync(() -> {
            stuck.close().run();
            stuckProbe.close();
        });
    }

    /** Hands the message on; completes once it is settled (or, delivered after a stop, given back at close). */
    private CompletableFuture<Void> deliver(ServiceBusReceivedMessage received, MessageLock lock) {
        var properties = new HashMap<String, String>();
        received.getApplicationProperties().forEach((key, value) -> properties.put(key, String.valueOf(value)));
        var metadata = new QueueMessageMetadata(received.getMessageId(), received.getContentType(), properties,
                received.getTimeToLive(), (int) received.getDeliveryCount() + 1, received.getEnqueuedTime().toInstant(), null);
        guard.succeeded();
        var settlement = new Settlement(lock, guard);
        inFlight.add(settlement);
        settlement.done.whenComplete((settled, failure) -> inFlight.remove(settlement));
        if (stopped) {
            // The SDK may still hand over messages after stop(): hold them, locked and unprocessed, until close() gives them
            // back. Handing each back at once would have it redelivered here at once, a delivery counted every time.
            return settlement.done;
        }
        emitter.emit(Message.of(received.getBody().toBytes(), DeliveryMetadata.of(this.context, metadata),
                ack -> settlement.settle(lock::complete),
                (reason, nack) -> nack(settlement, reason, nack)));
        return settlement.done;
    }

    private CompletionStage<Void> nack(Settlement settlement, Throwable reason, Metadata metadata) {
        var deadLetter = metadata.get(DeadLetter.class);
        if (deadLetter.isPresent()) {
            return settlement.settle(() -> settlement.lock.deadLetter(new DeadLetterOptions()
                    .setDeadLetterReason(deadLetter.get().reason())
                    .setDeadLetterErrorDescription(deadLetter.get().description())));
        }
        if (metadata.get(HandBack.class).isPresent()) {
            // Another consumer takes it at once. Service Bus counts the abandon as a delivery: it has no uncounted release.
            return settlement.settle(settlement.lock::abandon);
        }
        // Service Bus redelivers an abandoned message at once; wait first, keeping the lock, to honour the delay.
        var delay = metadata.get(RedeliveryDelay.class).map(RedeliveryDelay::delay).orElse(Duration.ZERO);
        var abandoned = new CompletableFuture<Void>();
        timer.schedule(() -> settlement.settle(settlement.lock::abandon).whenComplete((v, e) -> abandoned.complete(null)),
                delay.toMillis(), TimeUnit.MILLISECONDS);
        return abandoned;
    }

    private void error(ServiceBusErrorContext context) {
        guard.failed();
        Log.warnf("Service Bus receive error on %s (%s): %s", settings.queue(), context.getErrorSource(), context.getException().getMessage());
    }

    /**
     * Takes no more messages; those in flight keep their locks until they are settled. Not the SDK's stop(): it disposes
     * the receiver, after which nothing delivered can be completed or abandoned (it would come back only when its lock
     * expires, its delivery counted). Deliveries that still arrive are held, so at most the concurrency's worth.
     */
    void stopReceiving() {
        stopped = true;
    }

    /** Deliveries still in flight (or held) are abandoned first, so that another consumer takes them at once. */
    @Override
    public void close() {
        stopped = true;
        inFlight.forEach(settlement -> settlement.settle(settlement.lock::abandon));
        receiving.close().run();
        probe.close();
    }

    /** One delivery's settlement: done exactly once, whoever asks first. */
    private static final class Settlement {

        private final MessageLock lock;
        private final StuckClientGuard guard;
        private final AtomicBoolean settled = new AtomicBoolean();
        private final CompletableFuture<Void> done = new CompletableFuture<>();

        Settlement(MessageLock lock, StuckClientGuard guard) {
            this.lock = lock;
            this.guard = guard;
        }

        CompletionStage<Void> settle(Runnable action) {
            if (!settled.compareAndSet(false, true)) {
                return done;
            }
            try {
                action.run();
                done.complete(null);
            } catch (RuntimeException e) {
                // The lock was lost or the link went away: the message comes back by itself; nothing to settle.
                guard.failed();
                Log.warnf("Could not settle a Service Bus message: %s", e.getMessage());
                done.complete(null);
            }
            return done;
        }
    }
}
