package io.github.asyncjobs.adapter.embedded;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.spi.Connector;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.asyncjobs.job.queue.DeadLetter;
import io.github.asyncjobs.job.queue.DeliveryMetadata;
import io.github.asyncjobs.job.queue.HandBack;
import io.github.asyncjobs.job.queue.OutgoingMessages;
import io.github.asyncjobs.job.queue.QueueDepth;
import io.github.asyncjobs.job.queue.QueueMessageMetadata;
import io.github.asyncjobs.job.queue.RedeliveryDelay;
import io.github.asyncjobs.job.queue.StopReceiving;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.annotations.ConnectorAttribute;
import io.smallrye.reactive.messaging.annotations.ConnectorAttribute.Direction;
import io.smallrye.reactive.messaging.connector.InboundConnector;
import io.smallrye.reactive.messaging.connector.OutboundConnector;
import io.smallrye.reactive.messaging.health.HealthReport;
import io.smallrye.reactive.messaging.health.HealthReporter;
import io.smallrye.reactive.messaging.providers.helpers.MultiUtils;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * SmallRye Reactive Messaging connector for a durable in-process queue: the default transport when no
 * broker is configured. Acknowledging a message completes it; a nack puts it back (after the
 * {@link RedeliveryDelay} given, if any) and its delivery count grows, unless it is a {@link HandBack}.
 */
@ApplicationScoped
@Connector(EmbeddedQueueConnector.NAME)
@ConnectorAttribute(name = "queue", type = "string", direction = Direction.INCOMING_AND_OUTGOING, defaultValue = "jobs",
        description = "Queue name: an outgoing and an incoming channel with the same name share a queue")
@ConnectorAttribute(name = "capacity", type = "int", direction = Direction.OUTGOING, defaultValue = "100000",
        description = "Most messages the queue holds; sends beyond it fail (checked per group commit, so it may be passed by a few)")
@ConnectorAttribute(name = "max-concurrency", type = "int", direction = Direction.INCOMING, defaultValue = "16",
        description = "Most messages delivered and not yet settled at once")
public class EmbeddedQueueConnector implements InboundConnector, OutboundConnector, HealthReporter, QueueDepth {

    public static final String NAME = "embedded-queue";
    private static final Duration SETTLE_RETRY = Duration.ofSeconds(5);

    private final EmbeddedDatabase database;
    private final ObjectMapper mapper;
    private final Context context;
    private final Map<String, EmbeddedQueue> queues = new ConcurrentHashMap<>();
    private final Map<String, Thread> dispatchers = new ConcurrentHashMap<>();

    public EmbeddedQueueConnector(EmbeddedDatabase database, ObjectMapper mapper, Vertx vertx) {
        this.database = database;
        this.mapper = mapper;
        this.context = vertx.getOrCreateContext();
    }

    @Override
    public Flow.Publisher<? extends Message<?>> getPublisher(Config config) {
        var queue = queue(config);
        var permits = new Semaphore(config.getOptionalValue("max-concurrency", Integer.class).orElse(16));
        var channel = config.getValue("channel-name", String.class);
        return Multi.createFrom().<Message<byte[]>> emitter(emitter -> {
            var dispatcher = new Thread(() -> {
                try {
                    while (!emitter.isCancelled()) {
                        permits.acquire();
                        emitter.emit(delivery(queue, queue.take(), permits));
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "embedded-queue-" + channel);
            dispatcher.setDaemon(true);
            dispatchers.put(channel, dispatcher);
            dispatcher.start();
        });
    }

    @Override
    public Flow.Subscriber<? extends Message<?>> getSubscriber(Config config) {
        var queue = queue(config);
        // A failed send is reported to its sender by the nack; it must not end the channel for the next ones.
        return MultiUtils.via(messages -> messages.call(message -> Uni.createFrom().completionStage(send(queue, message))
                .onFailure().recoverWithNull()));
    }

    @Override
    public HealthReport getReadiness() {
        var report = HealthReport.builder();
        dispatchers.forEach((channel, thread) -> report.add(channel, thread.isAlive()));
        return report.build();
    }

    /** Exact: every message the queue holds, waiting or being processed. */
    @Override
    public OptionalLong depth(String queue) {
        var held = queues.get(queue);
        return held == null ? OptionalLong.empty() : OptionalLong.of(held.size());
    }

    /** Ends the dispatchers: no message is taken from the queue after this; those delivered are still settled. */
    void stopReceiving(@Observes StopReceiving event) {
        stop();
    }

    @PreDestroy
    void stop() {
        dispatchers.values().forEach(Thread::interrupt);
    }

    private EmbeddedQueue queue(Config config) {
        return queue(config.getOptionalValue("queue", String.class).orElse("jobs"),
                config.getOptionalValue("capacity", Integer.class).orElse(100_000));
    }

    /** The queue of that name, opened on first use; channels and the intake share it. */
    EmbeddedQueue queue(String name, int capacity) {
        return queues.computeIfAbsent(name, n -> new EmbeddedQueue(database, n, capacity, mapper));
    }

    private CompletionStage<Void> send(EmbeddedQueue queue, Message<?> message) {
        try {
            queue.add(StoredMessage.outgoing(OutgoingMessages.metadata(message), OutgoingMessages.body(message)));
            return message.ack();
        } catch (RuntimeException e) {
            return message.nack(e);
        }
    }

    private Message<byte[]> delivery(EmbeddedQueue queue, StoredMessage stored, Semaphore permits) {
        var settled = new AtomicBoolean();
        var metadata = new QueueMessageMetadata(stored.messageId(), stored.contentType(), stored.properties(), null,
                stored.deliveryCount(), stored.enqueuedTime(), null);
        return Message.of(stored.body(), DeliveryMetadata.of(context, metadata),
                ackMetadata -> settle(settled, permits, queue, stored, () -> queue.complete(stored)),
                (reason, nackMetadata) -> settle(settled, permits, queue, stored, () -> {
                    var delay = nackMetadata.get(RedeliveryDelay.class).map(RedeliveryDelay::delay).orElse(Duration.ZERO);
                    if (nackMetadata.get(DeadLetter.class).isPresent()) {
                        Log.warnf("Message %s dead-lettered: %s", stored.messageId(), reason);
                        queue.complete(stored);
                    } else {
                        queue.release(stored, delay, nackMetadata.get(HandBack.class).isEmpty());
                    }
                }));
    }

    /**
     * Settles a delivery once, whatever the number of ack/nack calls, and frees its concurrency slot. When the database
     * cannot record the settlement (it is locked or failing), the message is delivered again later instead: a failed
     * settlement must not fail the channel, which would stop all processing.
     */
    private static CompletionStage<Void> settle(AtomicBoolean settled, Semaphore permits, EmbeddedQueue queue, StoredMessage stored,
            Runnable action) {
        if (!settled.compareAndSet(false, true)) {
            return CompletableFuture.completedFuture(null);
        }
        try {
            action.run();
        } catch (RuntimeException e) {
            Log.warnf("Could not settle message %s, delivering it again in %s: %s", stored.messageId(), SETTLE_RETRY, e.getMessage());
            queue.redeliverLater(stored, SETTLE_RETRY);
        } finally {
            permits.release();
        }
        return CompletableFuture.completedFuture(null);
    }
}
