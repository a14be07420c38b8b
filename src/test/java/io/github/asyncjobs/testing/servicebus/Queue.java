package io.github.asyncjobs.testing.servicebus;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.TreeMap;

import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.message.Message;

/**
 * A queue: accepts messages (sequence numbers, time to live, duplicate detection) into its entity. A message scheduled
 * for later (annotation {@code x-opt-scheduled-enqueue-time}, or the {@code schedule-message} operation) gets its
 * sequence number at once and waits, neither delivered nor counted as active, until its time: then it is enqueued, its
 * time to live counted from then, as Service Bus does. Reactor thread only.
 */
final class Queue {

    private static final Symbol SCHEDULED_ENQUEUE_TIME = Symbol.valueOf("x-opt-scheduled-enqueue-time");

    final Entity active;
    final Entity deadLetters;
    private final QueueSettings settings;
    private final List<StoredMessage> enqueued = new ArrayList<>();
    /** Messages scheduled for later, by sequence number. */
    private final TreeMap<Long, StoredMessage> scheduled = new TreeMap<>();
    /** Message ids by the time they were first accepted, oldest first. */
    private final LinkedHashMap<String, Long> recentMessageIds = new LinkedHashMap<>();
    private long lastSequenceNumber;

    Queue(String name, QueueSettings settings) {
        this.settings = settings;
        this.deadLetters = new Entity(name + "/$deadletterqueue", settings, null);
        this.active = new Entity(name, settings, deadLetters);
    }

    /** The largest message the queue takes, in bytes, as its senders' links announce it. */
    long maxMessageSize() {
        return settings.maxMessageSize();
    }

    /** Every message ever accepted, in order. */
    List<StoredMessage> enqueued() {
        return enqueued;
    }

    /** Why the queue refuses these messages, as Service Bus words it; null when it takes them. */
    String refusal(List<Message> messages) {
        boolean withoutSession = messages.stream()
                .anyMatch(message -> message.getProperties() == null || message.getProperties().getGroupId() == null);
        return settings.requiresSession() && withoutSession
                ? "The SessionId was not set on a message, and it cannot be sent to the entity. Entities that have session "
                        + "support enabled can only receive messages that have the SessionId set to a valid value."
                : null;
    }

    /** Enqueues the message now or, if it is scheduled for later, then; its sequence number, or 0 for a duplicate. */
    long enqueue(Message message) {
        long now = System.currentTimeMillis();
        if (isDuplicate(StoredMessage.messageId(message), now)) {
            return 0;
        }
        long at = Math.max(now, scheduledTime(message));
        var stored = new StoredMessage(message, ++lastSequenceNumber, at, timeToLive(message, now));
        enqueued.add(stored);
        if (at > now) {
            scheduled.put(stored.sequenceNumber, stored);
        } else {
            active.add(stored);
        }
        return stored.sequenceNumber;
    }

    /** Drops a message still scheduled; false when there is none by that number (unknown, or enqueued already). */
    boolean cancelScheduled(long sequenceNumber) {
        return scheduled.remove(sequenceNumber) != null;
    }

    /** Messages scheduled for later, not yet enqueued. */
    Collection<StoredMessage> scheduled() {
        return scheduled.values();
    }

    /** Enqueues the scheduled messages whose time has come. */
    void enqueueDue(long now) {
        for (var message : List.copyOf(scheduled.values())) {
            if (message.enqueuedTime <= now) {
                scheduled.remove(message.sequenceNumber);
                active.add(message);
            }
        }
    }

    private static long scheduledTime(Message message) {
        var annotations = message.getMessageAnnotations();
        return annotations != null && annotations.getValue().get(SCHEDULED_ENQUEUE_TIME) instanceof Date at ? at.getTime() : 0;
    }

    private boolean isDuplicate(String messageId, long now) {
        long window = settings.duplicateDetectionWindow().toMillis();
        Iterator<Long> oldest = recentMessageIds.values().iterator();
        while (oldest.hasNext() && now - oldest.next() >= window) {
            oldest.remove();
        }
        if (messageId == null || window <= 0) {
            return false;
        }
        return recentMessageIds.putIfAbsent(messageId, now) != null;
    }

    /** The message's own time to live (header ttl, else absolute expiry), capped by the queue's default, as Service Bus does. */
    private Duration timeToLive(Message message, long now) {
        var queueDefault = settings.defaultTimeToLive();
        Duration own = null;
        if (message.getHeader() != null && message.getHeader().getTtl() != null) {
            own = Duration.ofMillis(message.getHeader().getTtl().longValue());
        } else if (message.getProperties() != null && message.getProperties().getAbsoluteExpiryTime() != null) {
            own = Duration.ofMillis(message.getProperties().getAbsoluteExpiryTime().getTime() - now);
        }
        return own == null || own.compareTo(queueDefault) > 0 ? queueDefault : own;
    }
}
