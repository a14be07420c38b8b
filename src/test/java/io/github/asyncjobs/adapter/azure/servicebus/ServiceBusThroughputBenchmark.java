package io.github.asyncjobs.adapter.azure.servicebus;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

import com.azure.core.util.BinaryData;
import com.azure.core.util.TracingOptions;
import com.azure.messaging.servicebus.ServiceBusMessage;

import io.github.asyncjobs.testing.net.TcpForwarder;
import io.github.asyncjobs.testing.servicebus.QueueSettings;
import io.github.asyncjobs.testing.servicebus.TestServiceBus;

/**
 * Send and receive throughput of the Service Bus connector against the test broker on loopback, measured
 * in one run so that the ratios compare like with like. Not part of the test suite (no *Test suffix); run:
 * {@code ./mvnw test -Dtest=ServiceBusThroughputBenchmark -Dsurefire.failIfNoSpecifiedTests=false}; with
 * {@code -Dbench.delay-ms=5} the SDK reaches the broker through a forwarder that holds every byte that long in each
 * direction (an Azure region's round trip).
 */
class ServiceBusThroughputBenchmark {

    private static final Duration RUN = Duration.ofSeconds(Long.getLong("bench.seconds", 10));
    private static final int CALLERS = 16;
    private static final int RECEIVE_MESSAGES = Integer.getInteger("bench.receive-messages", 5_000);
    /** Receive shapes as concurrency x prefetch, e.g. {@code -Dbench.receive=1x0,8x50}; {@code -Dbench.sends=false} skips sending. */
    private static final String RECEIVE_SHAPES = System.getProperty("bench.receive", "1x0,8x50");
    private static final boolean SENDS = Boolean.parseBoolean(System.getProperty("bench.sends", "true"));
    private static final AtomicLong QUEUES = new AtomicLong();
    private static final byte[] BODY = "{\"id\":\"1234\",\"customername\":\"Contoso\"}".getBytes();
    private static final Duration DELAY = Duration.ofMillis(Long.getLong("bench.delay-ms", 0));
    private static String connectionString;

    @Test
    void measure() throws Exception {
        try (var broker = TestServiceBus.start(); var front = TcpForwarder.onFreePort(broker.port(), DELAY)) {
            connectionString = broker.connectionString().replace(":" + broker.port() + ";", ":" + front.port() + ";");
            System.out.printf("%s each way between the SDK and the broker%n", DELAY);
            if (SENDS) {
                measureSends(broker);
            }
            for (var shape : RECEIVE_SHAPES.split(",")) {
                int concurrency = Integer.parseInt(shape.substring(0, shape.indexOf('x')));
                int prefetch = Integer.parseInt(shape.substring(shape.indexOf('x') + 1));
                var backlog = newQueue(broker);
                try (var client = settings(broker, backlog, 1, 0).clientBuilder(null, new TracingOptions()).sender().queueName(backlog).buildClient()) {
                    for (int i = 0; i < RECEIVE_MESSAGES / 100; i++) {
                        var batch = client.createMessageBatch();
                        for (int j = 0; j < 100; j++) {
                            batch.tryAddMessage(message());
                        }
                        client.sendMessages(batch);
                    }
                }
                var received = receive(settings(broker, backlog, concurrency, prefetch), RECEIVE_MESSAGES);
                System.out.printf("receive + complete, %d concurrent, prefetch %d: %.0f msg/s%n", concurrency, prefetch, received);
            }
        }
    }

    private static void measureSends(TestServiceBus broker) throws InterruptedException {
        // Each measurement gets an empty queue of its own, so that a growing backlog cannot skew the later ones.
        measureSend(broker, "one caller, sendMessage per message", 1);
        measureSend(broker, CALLERS + " callers, sendMessage per message", CALLERS);
        var queue = newQueue(broker);
        try (var client = settings(broker, queue, 1, 0).clientBuilder(null, new TracingOptions()).sender().queueName(queue).buildClient()) {
            System.out.printf("latency, one caller, p50 of 500: %.2f ms%n", p50(() -> client.sendMessage(message())));
        }
    }

    private static void measureSend(TestServiceBus broker, String what, int callers) throws InterruptedException {
        var queue = newQueue(broker);
        try (var client = settings(broker, queue, 1, 0).clientBuilder(null, new TracingOptions()).sender().queueName(queue).buildClient()) {
            client.sendMessage(message());
            print(what, rate(callers, () -> client.sendMessage(message())));
        }
    }

    private static String newQueue(TestServiceBus broker) {
        var name = "bench-" + QUEUES.incrementAndGet();
        broker.createQueue(name, QueueSettings.defaults());
        return name;
    }

    /** Messages per second that {@code callers} threads achieve, each calling {@code send} in a loop. */
    private static double rate(int callers, Runnable send) throws InterruptedException {
        var count = new AtomicLong();
        var pool = Executors.newFixedThreadPool(callers);
        long deadline = System.nanoTime() + RUN.toNanos();
        for (int i = 0; i < callers; i++) {
            pool.submit(() -> {
                while (System.nanoTime() < deadline) {
                    send.run();
                    count.incrementAndGet();
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(RUN.toSeconds() + 60, TimeUnit.SECONDS);
        return count.get() / (double) RUN.toSeconds();
    }

    private static double p50(Runnable send) {
        var samples = new long[500];
        for (int i = 0; i < samples.length; i++) {
            long start = System.nanoTime();
            send.run();
            samples[i] = System.nanoTime() - start;
        }
        Arrays.sort(samples);
        return samples[samples.length / 2] / 1e6;
    }

    /** Messages per second received and completed through the connector's inbound side. */
    private static double receive(ServiceBusSettings settings, int messages) throws Exception {
        var done = new CompletableFuture<Void>();
        var count = new AtomicLong();
        var workers = Executors.newFixedThreadPool(settings.maxConcurrency());
        long start = System.nanoTime();
        try (var inbound = new ServiceBusInbound(() -> settings.clientBuilder(null, new TracingOptions()), settings,
                io.vertx.core.Vertx.vertx().getOrCreateContext(), Executors.newSingleThreadScheduledExecutor(),
                new SharedSlots(settings.maxConcurrency()))) {
            // Settled on workers of their own, as the service's processor does: acking inside onNext would run every
            // settlement on whichever thread holds the emitter, one round trip at a time.
            inbound.messages().subscribe().with((Consumer<Message<byte[]>>) message -> workers.execute(() -> message.ack().thenRun(() -> {
                if (count.incrementAndGet() == messages) {
                    done.complete(null);
                }
            })));
            done.get(5, TimeUnit.MINUTES);
        } finally {
            workers.shutdown();
        }
        return messages / ((System.nanoTime() - start) / 1e9);
    }

    private static ServiceBusSettings settings(TestServiceBus broker, String queue, int concurrency, int prefetch) {
        return new ServiceBusSettings("bench", queue, Optional.empty(), Optional.of(connectionString),
                Duration.ofSeconds(10), 2, concurrency, prefetch, Duration.ofMinutes(5), Duration.ofSeconds(10),
                Duration.ofSeconds(10), Duration.ofSeconds(30), 256 * 1024, true, Optional.empty());
    }

    private static ServiceBusMessage message() {
        var message = new ServiceBusMessage(BinaryData.fromBytes(BODY)).setContentType("application/json");
        message.getApplicationProperties().put("job_type", "echo");
        return message;
    }

    private static void print(String what, double perSecond) {
        System.out.printf("%s: %.0f msg/s%n", what, perSecond);
    }
}
