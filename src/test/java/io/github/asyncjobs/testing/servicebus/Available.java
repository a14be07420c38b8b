package io.github.asyncjobs.testing.servicebus;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** An entity's available messages (neither locked nor deferred), in sequence order, overall and per session. Reactor thread only. */
final class Available {

    private final TreeMap<Long, StoredMessage> all = new TreeMap<>();
    /** Only sessions with available messages have an entry. */
    private final Map<String, TreeMap<Long, StoredMessage>> bySession = new HashMap<>();

    void put(StoredMessage message) {
        all.put(message.sequenceNumber, message);
        if (message.sessionId != null) {
            bySession.computeIfAbsent(message.sessionId, id -> new TreeMap<>()).put(message.sequenceNumber, message);
        }
    }

    void remove(StoredMessage message) {
        all.remove(message.sequenceNumber);
        var session = message.sessionId == null ? null : bySession.get(message.sessionId);
        if (session != null) {
            session.remove(message.sequenceNumber);
            if (session.isEmpty()) {
                bySession.remove(message.sessionId);
            }
        }
    }

    boolean isEmpty() {
        return all.isEmpty();
    }

    /** The first available message, taken; null when none. */
    StoredMessage takeFirst() {
        return all.isEmpty() ? null : taken(all.firstEntry().getValue());
    }

    /** The first available message of the session, taken; null when none. */
    StoredMessage takeFirst(String sessionId) {
        var session = bySession.get(sessionId);
        return session == null ? null : taken(session.firstEntry().getValue());
    }

    /** Sessions that have available messages. */
    Collection<String> sessions() {
        return List.copyOf(bySession.keySet());
    }

    Collection<StoredMessage> values() {
        return List.copyOf(all.values());
    }

    private StoredMessage taken(StoredMessage message) {
        remove(message);
        return message;
    }
}
