package io.github.asyncjobs.testing.servicebus;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.apache.qpid.proton.engine.Connection;
import org.apache.qpid.proton.engine.impl.TransportImpl;

/** The broker's state: queues, client connections, fault switches and counters. Reactor thread only. */
final class Broker {

    private static final String DEAD_LETTER_SUFFIX = "/$deadletterqueue";

    private final Map<String, Queue> queues = new HashMap<>();
    private final Map<String, Long> managementRequests = new HashMap<>();
    private final Set<Connection> connections = new HashSet<>();
    private boolean refuseLinks;

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

    void connectionOpened(Connection connection) {
        connections.add(connection);
    }

    void connectionClosed(Connection connection) {
        connections.remove(connection);
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
        for (var queue : queues.values()) {
            queue.active.sweep();
            queue.deadLetters.sweep();
        }
    }

    /** Service Bus entity names are case-insensitive. */
    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
