package io.github.asyncjobs.testing.servicebus;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.engine.Connection;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.engine.impl.TransportImpl;

import io.github.asyncjobs.testing.rbac.AccessControl;

/** The broker's state: queues, client connections and their tokens, fault switches and counters. Reactor thread only. */
final class Broker {

    private static final String DEAD_LETTER_SUFFIX = "/$deadletterqueue";

    /** A client's transfer to a queue, held unsettled until it is refused (the slow-then-failing send fault). */
    private record HeldSend(Delivery delivery, Receiver receiver, long dueMillis) {
    }

    private final Map<String, Queue> queues = new HashMap<>();
    private final Map<String, Long> managementRequests = new HashMap<>();
    private final Set<Connection> connections = new HashSet<>();
    private final ClaimsBasedSecurity security;
    private final List<HeldSend> heldSends = new ArrayList<>();
    private boolean refuseLinks;
    /** While set, sends are held this long, then refused (amqp:internal-error, which the SDK retries). */
    private Duration failSendsAfter;

    Broker(String namespace, AccessControl access) {
        this.security = new ClaimsBasedSecurity(namespace, access);
    }

    ClaimsBasedSecurity security() {
        return security;
    }

    void createQueue(String name, QueueSettings settings) {
        if (queues.putIfAbsent(key(name), new Queue(name, settings)) != null) {
            throw new IllegalArgumentException("Queue " + name + " already exists");
        }
    }

    /** The queue by name, for the test API. */
    Queue queue(String name) {
        var queue = queues.get(key(name));
        if (queue == null) {
            throw new IllegalArgumentException("No queue " + name);
        }
        return queue;
    }

    /** The queue a sender link targets; null when unknown (a dead-letter queue takes no sends). */
    Queue sendTarget(String address) {
        return queues.get(key(address));
    }

    /** The entity a receiver link or management node addresses ("queue" or "queue/$deadletterqueue"); null when unknown. */
    Entity entity(String address) {
        var key = key(address);
        boolean deadLetters = key.endsWith(DEAD_LETTER_SUFFIX);
        var queue = queues.get(deadLetters ? key.substring(0, key.length() - DEAD_LETTER_SUFFIX.length()) : key);
        return queue == null ? null : deadLetters ? queue.deadLetters : queue.active;
    }

    boolean refusesLinks() {
        return refuseLinks;
    }

    void refuseLinks(boolean refuse) {
        refuseLinks = refuse;
    }

    void countManagementRequest(String operation) {
        managementRequests.merge(operation, 1L, Long::sum);
    }

    long managementRequests(String operation) {
        return managementRequests.getOrDefault(operation, 0L);
    }

    Map<String, Long> operations(String name) {
        var queue = queue(name);
        var operations = new TreeMap<String, Long>();
        operations.put("send", (long) queue.enqueued().size());
        operations.put("receive", queue.active.deliveries() + queue.deadLetters.deliveries());
        operations.put("settle", queue.active.settlements() + queue.deadLetters.settlements());
        managementRequests.forEach((operation, count) -> operations.put("management " + operation, count));
        return operations;
    }

    void connectionOpened(Connection connection) {
        connections.add(connection);
    }

    void connectionClosed(Connection connection) {
        connections.remove(connection);
        security.forget(connection);
    }

    void failSendsAfter(Duration delay) {
        failSendsAfter = delay;
    }

    /** Holds a transfer to a queue when sends are failing; false when it should be taken as usual. */
    boolean holdIfFailing(Delivery delivery, Receiver receiver) {
        if (failSendsAfter == null) {
            return false;
        }
        heldSends.add(new HeldSend(delivery, receiver, System.currentTimeMillis() + failSendsAfter.toMillis()));
        return true;
    }

    int heldSends() {
        return heldSends.size();
    }

    private void refuseHeldSendsDue() {
        long now = System.currentTimeMillis();
        for (var held : List.copyOf(heldSends)) {
            if (held.dueMillis() <= now) {
                heldSends.remove(held);
                var rejected = new Rejected();
                rejected.setError(new ErrorCondition(Symbol.valueOf("amqp:internal-error"), "The test broker failed the send, as asked."));
                held.delivery().disposition(rejected);
                held.delivery().settle();
                held.receiver().flow(1);
            }
        }
    }

    /** Closes every client connection's socket without an AMQP close, as a network failure would. */
    void dropConnections() {
        for (var connection : List.copyOf(connections)) {
            if (connection.getTransport() instanceof TransportImpl transport) {
                transport.close_tail();
                transport.close_head();
                // The reactor only notices a closed transport on its next I/O; free the socket now.
                var selectable = transport.getSelectable();
                selectable.terminate();
                selectable.getReactor().update(selectable);
            }
        }
    }

    /** Every locked message in every queue loses its lock, as when the broker restarts. */
    void loseAllLocks() {
        for (var queue : queues.values()) {
            queue.active.loseLocks();
            queue.deadLetters.loseLocks();
        }
    }

    void sweep() {
        refuseHeldSendsDue();
        long now = System.currentTimeMillis();
        for (var queue : queues.values()) {
            queue.enqueueDue(now);
            queue.active.sweep();
            queue.deadLetters.sweep();
        }
    }

    /** Service Bus entity names are case-insensitive. */
    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
