package io.github.asyncjobs.adapter.azure.servicebus;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import com.azure.messaging.servicebus.ServiceBusMessage;
import com.azure.messaging.servicebus.ServiceBusMessageBatch;
import com.azure.messaging.servicebus.ServiceBusSenderAsyncClient;

import io.opentelemetry.context.Context;
import io.quarkus.logging.Log;

/**
 * Coalesces concurrent sends into Service Bus batches without waiting for more: the sender thread sends
 * whatever is pending as soon as one of {@code maxInFlight} send slots is free, so one message alone goes at
 * once, while messages that arrive while every slot is busy share the next batch. Under load that turns N
 * round trips into about N / (messages per batch). The SDK's send span of a batch is a child of its first
 * message's trace and links to the others (each message carries its own trace context).
 */
final class BatchingSender implements AutoCloseable {

    private record Pending(ServiceBusMessage message, Context trace, CompletableFuture<Void> sent) {
    }

    private final ServiceBusSenderAsyncClient sender;
    private final int maxBatchMessages;
    private final Semaphore sendSlots;
    private final BlockingQueue<Pending> pending;
    private final Thread thread;
    private volatile boolean closed;

    BatchingSender(ServiceBusSenderAsyncClient sender, int maxBatchMessages, int maxInFlight, int maxPending, String name) {
        this.sender = sender;
        this.maxBatchMessages = maxBatchMessages;
        this.sendSlots = new Semaphore(maxInFlight);
        this.pending = new ArrayBlockingQueue<>(maxPending);
        this.thread = new Thread(this::run, "servicebus-sender-" + name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Completes when Service Bus has accepted the message; fails when it has not or too many are waiting. */
    CompletableFuture<Void> send(ServiceBusMessage message, Context trace) {
        var sent = new CompletableFuture<Void>();
        if (closed || !pending.offer(new Pending(message, trace, sent))) {
            sent.completeExceptionally(new IllegalStateException(closed ? "The sender is closed" : "Too many messages waiting to be sent"));
        }
        return sent;
    }

    private void run() {
        while (!closed) {
            try {
                var first = pending.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                // Waiting for a free slot is what lets later messages join this batch under load.
                sendSlots.acquire();
                var taken = new ArrayList<Pending>();
                taken.add(first);
                pending.drainTo(taken, maxBatchMessages - 1);
                send(taken);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Sends the first batch's worth of {@code taken} asynchronously; puts back what did not fit. */
    private void send(List<Pending> taken) {
        ServiceBusMessageBatch batch;
        try {
            batch = sender.createMessageBatch().block();
        } catch (RuntimeException e) {
            fail(taken, e);
            return;
        }
        int fitted = 0;
        while (fitted < taken.size() && batch.tryAddMessage(taken.get(fitted).message())) {
            fitted++;
        }
        if (fitted == 0) {
            taken.remove(0).sent().completeExceptionally(new IllegalArgumentException("The message is larger than Service Bus allows"));
            sendSlots.release();
            requeue(taken);
            return;
        }
        var inBatch = List.copyOf(taken.subList(0, fitted));
        requeue(taken.subList(fitted, taken.size()));
        try (var scope = inBatch.get(0).trace().makeCurrent()) {
            sender.sendMessages(batch).subscribe(null, failure -> fail(inBatch, failure), () -> {
                inBatch.forEach(p -> p.sent().complete(null));
                sendSlots.release();
            });
        }
    }

    private void fail(List<Pending> taken, Throwable failure) {
        Log.debugf("Service Bus send of %d message(s) failed: %s", taken.size(), failure.getMessage());
        taken.forEach(p -> p.sent().completeExceptionally(failure));
        sendSlots.release();
    }

    /** Messages that did not fit go first into the next batch. */
    private void requeue(List<Pending> rest) {
        if (rest.isEmpty()) {
            return;
        }
        var again = new ArrayList<Pending>(rest);
        pending.drainTo(again);
        again.forEach(p -> {
            if (!pending.offer(p)) {
                p.sent().completeExceptionally(new IllegalStateException("Too many messages waiting to be sent"));
            }
        });
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        pending.forEach(p -> p.sent().completeExceptionally(new IllegalStateException("The sender closed")));
    }
}
