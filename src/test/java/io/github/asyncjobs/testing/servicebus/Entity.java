package io.github.asyncjobs.testing.servicebus;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Modified;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.amqp.transport.SenderSettleMode;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Sender;

/**
 * One receivable entity, a queue or its dead-letter sub-queue: its messages, their locks, and the receiver
 * links it delivers to within their credit. Reactor thread only.
 */
final class Entity {

    private final String name;
    private final QueueSettings settings;
    /** Where this entity dead-letters to; null for a dead-letter queue, whose messages neither expire nor move on. */
    private final Entity deadLetterQueue;
    private final TreeMap<Long, StoredMessage> messages = new TreeMap<>();
    private final TreeMap<Long, StoredMessage> available = new TreeMap<>();
    private final Map<UUID, StoredMessage> locked = new HashMap<>();
    private final List<Sender> consumers = new ArrayList<>();
    private int nextConsumer;

    Entity(String name, QueueSettings settings, Entity deadLetterQueue) {
        this.name = name;
        this.settings = settings;
        this.deadLetterQueue = deadLetterQueue;
    }

    /** Messages now in the entity (available, locked or deferred), in sequence order. */
    Collection<StoredMessage> messages() {
        return messages.values();
    }

    void add(StoredMessage message) {
        messages.put(message.sequenceNumber, message);
        available.put(message.sequenceNumber, message);
        dispatch();
    }

    void addConsumer(Sender link) {
        consumers.add(link);
        dispatch();
    }

    /** Hands available messages to consumer links, round robin, never beyond the credit each link granted. */
    void dispatch() {
        consumers.removeIf(link -> !active(link));
        int withoutCredit = 0;
        while (!available.isEmpty() && withoutCredit < consumers.size()) {
            nextConsumer = (nextConsumer + 1) % consumers.size();
            var link = consumers.get(nextConsumer);
            if (link.getCredit() <= 0) {
                withoutCredit++;
                continue;
            }
            withoutCredit = 0;
            var message = available.pollFirstEntry().getValue();
            if (deadLetterQueue != null && message.expired(System.currentTimeMillis())) {
                expire(message);
            } else {
                deliver(link, message);
            }
        }
    }

    /**
     * Applies a client's settlement of the message locked with {@code lockToken}; false when that lock is gone
     * (expired, lost, or already settled).
     */
    boolean settle(UUID lockToken, DeliveryState outcome) {
        var message = locked.remove(lockToken);
        if (message == null) {
            return false;
        }
        message.lockToken = null;
        if (outcome instanceof Accepted) {
            messages.remove(message.sequenceNumber);
        } else if (outcome instanceof Modified modified && Boolean.TRUE.equals(modified.getUndeliverableHere())) {
            // Deferred: stays in the entity (peekable) but is never delivered again; receive-deferred is not supported.
        } else if (outcome instanceof Modified) {
            deliveryFailed(message);
        } else if (outcome instanceof Rejected rejected) {
            var error = rejected.getError() == null ? new ErrorCondition() : rejected.getError();
            deadLetter(message, info(error, "DeadLetterReason"), info(error, "DeadLetterErrorDescription"));
        } else {
            // Released, or an outcome the broker does not support (transactions): available again, not counted.
            available.put(message.sequenceNumber, message);
        }
        dispatch();
        return true;
    }

    /** Extends a lock by the lock duration; null when the lock is gone. */
    Date renewLock(UUID lockToken) {
        var message = locked.get(lockToken);
        if (message == null) {
            return null;
        }
        message.lockedUntil = System.currentTimeMillis() + settings.lockDuration().toMillis();
        return new Date(message.lockedUntil);
    }

    List<StoredMessage> peek(long fromSequenceNumber, int count) {
        return messages.tailMap(fromSequenceNumber, true).values().stream().limit(count).toList();
    }

    /** Expires locks and messages whose time has come. */
    void sweep() {
        long now = System.currentTimeMillis();
        locked.values().stream().filter(message -> message.lockedUntil <= now).toList().forEach(this::unlock);
        if (deadLetterQueue != null) {
            for (var message : available.values().stream().filter(message -> message.expired(now)).toList()) {
                available.remove(message.sequenceNumber);
                expire(message);
            }
        }
        dispatch();
    }

    /** Every lock is lost at once, as when the broker goes away: the messages count a failed delivery. */
    void loseLocks() {
        List.copyOf(locked.values()).forEach(this::unlock);
        dispatch();
    }

    /** An available message's deliveries all fail at once: it goes to the dead-letter queue as deliveries exhausted. */
    void exhaustDeliveries(String messageId) {
        for (var message : takeAvailable(messageId)) {
            message.deliveryCount = Math.max(message.deliveryCount, settings.maxDeliveryCount() - 1);
            deliveryFailed(message);
        }
    }

    /** An available message's time to live ends now: dead-lettered (or dropped), as Service Bus does on expiry. */
    void expireNow(String messageId) {
        takeAvailable(messageId).forEach(this::expire);
    }

    private List<StoredMessage> takeAvailable(String messageId) {
        var taken = available.values().stream().filter(message -> messageId.equals(StoredMessage.messageId(message.message))).toList();
        taken.forEach(message -> available.remove(message.sequenceNumber));
        return taken;
    }

    private void deliver(Sender link, StoredMessage message) {
        var lockToken = UUID.randomUUID();
        boolean peekLock = link.getSenderSettleMode() != SenderSettleMode.SETTLED;
        if (peekLock) {
            message.lockToken = lockToken;
            message.lockedUntil = System.currentTimeMillis() + settings.lockDuration().toMillis();
            locked.put(lockToken, message);
        } else {
            messages.remove(message.sequenceNumber);
        }
        var bytes = AmqpCodec.encode(message.toAmqp(peekLock));
        var delivery = link.delivery(AmqpCodec.deliveryTag(lockToken));
        link.send(bytes, 0, bytes.length);
        if (!peekLock) {
            delivery.settle();
        }
        link.advance();
    }

    private void unlock(StoredMessage message) {
        locked.remove(message.lockToken);
        message.lockToken = null;
        deliveryFailed(message);
    }

    private void deliveryFailed(StoredMessage message) {
        message.deliveryCount++;
        if (deadLetterQueue != null && message.deliveryCount >= settings.maxDeliveryCount()) {
            deadLetter(message, "MaxDeliveryCountExceeded",
                    "Message could not be consumed after " + settings.maxDeliveryCount() + " delivery attempts.");
        } else {
            available.put(message.sequenceNumber, message);
        }
    }

    /** Called with a message that is neither available nor locked. */
    private void expire(StoredMessage message) {
        if (settings.deadLetteringOnMessageExpiration()) {
            deadLetter(message, "TTLExpiredException", "The message expired and was dead lettered.");
        } else {
            messages.remove(message.sequenceNumber);
        }
    }

    /** Called with a message that is neither available nor locked. */
    private void deadLetter(StoredMessage message, String reason, String description) {
        if (deadLetterQueue == null) {
            // Service Bus has no dead-letter queue for a dead-letter queue: the message stays.
            available.put(message.sequenceNumber, message);
            return;
        }
        messages.remove(message.sequenceNumber);
        message.deadLettered(reason, description, name);
        deadLetterQueue.add(message);
    }

    private static String info(ErrorCondition error, String key) {
        Map<?, ?> info = error.getInfo();
        if (info == null) {
            return null;
        }
        // The SDK puts String keys into the info map although proton-j types it as Symbol-keyed.
        for (Map.Entry<?, ?> entry : info.entrySet()) {
            if (key.equals(entry.getKey().toString())) {
                return entry.getValue() == null ? null : entry.getValue().toString();
            }
        }
        return null;
    }

    private static boolean active(Sender link) {
        var session = link.getSession();
        var connection = session.getConnection();
        return link.getLocalState() == EndpointState.ACTIVE && link.getRemoteState() == EndpointState.ACTIVE
                && session.getLocalState() == EndpointState.ACTIVE && session.getRemoteState() == EndpointState.ACTIVE
                && connection.getLocalState() == EndpointState.ACTIVE
                && connection.getRemoteState() == EndpointState.ACTIVE;
    }
}
