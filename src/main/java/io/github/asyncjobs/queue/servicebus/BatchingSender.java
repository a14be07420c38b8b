package io.github.asyncjobs.queue.servicebus;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.azure.messaging.servicebus.ServiceBusMessage;
import com.azure.messaging.servicebus.ServiceBusSenderClient;

import io.quarkus.logging.Log;

/**
 * Coalesces concurrent sends into Service Bus batches without waiting for more: the sender thread sends
 * whatever is pending as soon as the previous batch is out, so one message alone goes at once, while
 * messages arriving during a round trip share the next one. Under load that turns N round trips into
 * about N / (messages per round trip).
 */
final class BatchingSender implements AutoCloseable {

    private record Pending(ServiceBusMessage message, CompletableFuture<Void> sent) {
    }

    private final ServiceBusSenderClient sender;
    private final int maxBatchMessages;
    private final BlockingQueue<Pending> pending;
    private final Thread thread;
    private volatile boolean closed;

    BatchingSender(ServiceBusSenderClient sender, int maxBatchMessages, int maxPending, String name) {
        this.sender = sender;
        this.maxBatchMessages = maxBatchMessages;
        this.pending = new ArrayBlockingQueue<>(maxPending);
        this.thread = new Thread(this::run, "servicebus-sender-" + name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Completes when Service Bus has accepted the message; fails when it has not or too many are waiting. */
    CompletableFuture<Void> send(ServiceBusMessage message) {
        var sent = new CompletableFuture<Void>();
        if (closed || !pending.offer(new Pending(message, sent))) {
            sent.completeExceptionally(new IllegalStateException(closed ? "The sender is closed" : "Too many messages waiting to be sent"));
        }
        return sent;
    }

    private void run() {
        var taken = new ArrayList<Pending>();
        while (!closed) {
            try {
                var first = pending.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                taken.add(first);
                pending.drainTo(taken, maxBatchMessages - 1);
                sendBatches(taken);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                taken.clear();
            }
        }
    }

    /** Sends {@code taken} in as few batches as the size limit allows, settling each message's future. */
    private void sendBatches(List<Pending> taken) {
        int next = 0;
        while (next < taken.size()) {
            int from = next;
            try {
                var batch = sender.createMessageBatch();
                while (next < taken.size() && batch.tryAddMessage(taken.get(next).message())) {
                    next++;
                }
                if (next == from) {
                    taken.get(next++).sent().completeExceptionally(new IllegalArgumentException("The message is larger than Service Bus allows"));
                    continue;
                }
                sender.sendMessages(batch);
                taken.subList(from, next).forEach(p -> p.sent().complete(null));
            } catch (RuntimeException e) {
                Log.debugf("Service Bus send of %d message(s) failed: %s", taken.size() - from, e.getMessage());
                taken.subList(from, taken.size()).forEach(p -> p.sent().completeExceptionally(e));
                return;
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        pending.forEach(p -> p.sent().completeExceptionally(new IllegalStateException("The sender closed")));
    }
}
