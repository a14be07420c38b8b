package io.github.asyncjobs.testing.servicebus;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.apache.qpid.proton.amqp.Symbol;

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
 * links it delivers to within their credit. A queue that requires sessions delivers each session's messages, in order,
 * only to the link that holds the session's lock ({@link SessionLocks}). Reactor thread only.
 */
final class Entity {

    private final String name;
    private final QueueSettings settings;
    /** Where this entity dead-letters to; null for a dead-letter queue, whose messages neither expire nor move on. */
    private final Entity deadLetterQueue;
    private final TreeMap<Long, StoredMessage> messages = new TreeMap<>();
    private final Available available = new Available();
    private final Map<UUID, StoredMessage> locked = new HashMap<>();
    private final List<Sender> consumers = new ArrayList<>();
    /** Null unless the entity requires sessions (a dead-letter queue never does). */
    private final SessionLocks sessions;
    private int nextConsumer;

    /** Messages delivered to receivers, and settlements asked for (a lost lock's too): for the benchmarks' counts. */
    private long deliveries;
    private long settlements;

    Entity(String name, QueueSettings settings, Entity deadLetterQueue) {
        this.name = name;
        this.settings = settings;
        this.deadLetterQueue = deadLetterQueue;
        this.sessions = settings.requiresSession() && deadLetterQueue != null
                ? new SessionLocks(settings.lockDuration().toMillis()) : null;
    }

    /** Messages now in the entity (available, locked or deferred), in sequence order. */
    Collection<StoredMessage> messages() {
        return messages.values();
    }

    void add(StoredMessage message) {
        messages.put(message.sequenceNumber, message);
        available.put(message);
        dispatch();
    }

    /**
     * Takes a receiver link, or refuses it as Service Bus does: a session-enabled entity only with a session filter (a
     * named session, or the next free one, whose attach is answered once one is free), any other entity only without.
     */
    ErrorCondition attach(Sender link) {
        boolean asks = SessionLocks.asksForSession(link);
        if (sessions == null && asks) {
            return notAllowed("It is not possible for an entity that does not require sessions to create a sessionful message receiver.");
        }
        if (sessions != null && !asks) {
            return notAllowed("It is not possible for an entity that requires sessions to create a non-sessionful message receiver.");
        }
        if (sessions == null) {
            link.open();
            consumers.add(link);
        } else if (SessionLocks.requestedSession(link) == null) {
            sessions.await(link);
        } else {
            var refusal = sessions.lockNamed(link, SessionLocks.requestedSession(link));
            if (refusal != null) {
                return refusal;
            }
        }
        dispatch();
        return null;
    }

    /** A receiver link closed: the session it held is free again, its unsettled messages delivered once more. */
    void detached(Sender link) {
        if (sessions != null) {
            releaseSession(link);
            dispatch();
        }
    }

    /** Extends a session's lock by the lock duration; null when no receiver holds it. */
    Date renewSessionLock(String sessionId) {
        return sessions == null ? null : sessions.renew(sessionId);
    }

    /** Sessions a receiver holds now. */
    int heldSessions() {
        return sessions == null ? 0 : sessions.locks().size();
    }

    long sessionWaitsEnded() {
        return sessions == null ? 0 : sessions.waitsEnded();
    }

    /** Hands available messages to consumer links, round robin, never beyond the credit each link granted. */
    void dispatch() {
        if (sessions != null) {
            dispatchSessions();
            return;
        }
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
            deliverOrExpire(link, available.takeFirst());
        }
    }

    /** Free sessions to the links waiting for one; each session's messages to the link holding it, within its credit. */
    private void dispatchSessions() {
        sessions.waiting().stream().filter(Entity::gone).forEach(sessions::release);
        sessions.locks().stream().filter(lock -> !active(lock.link)).forEach(lock -> releaseSession(lock.link));
        sessions.assign(available.sessions());
        for (var lock : sessions.locks()) {
            StoredMessage next;
            while (lock.link.getCredit() > 0 && (next = available.takeFirst(lock.sessionId)) != null) {
                deliverOrExpire(lock.link, next);
            }
        }
    }

    private void deliverOrExpire(Sender link, StoredMessage message) {
        if (deadLetterQueue != null && message.expired(System.currentTimeMillis())) {
            expire(message);
        } else {
            deliver(link, message);
        }
    }

    private void releaseSession(Sender link) {
        var lock = sessions.release(link);
        if (lock != null) {
            locked.values().stream().filter(message -> lock.sessionId.equals(message.sessionId)).toList().forEach(this::unlock);
        }
    }

    /**
     * Applies a client's settlement of the message locked with {@code lockToken}; false when that lock is gone
     * (expired, lost, or already settled).
     */
    boolean settle(UUID lockToken, DeliveryState outcome) {
        settlements++;
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
            available.put(message);
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
        if (sessions == null) {
            locked.values().stream().filter(message -> message.lockedUntil <= now).toList().forEach(this::unlock);
        } else {
            // A session's messages are locked by the session's lock: when it expires, the link loses the session.
            sessions.locks().stream().filter(lock -> lock.lockedUntil <= now).forEach(lock -> loseSession(lock.link));
            sessions.endWaits(now);
        }
        if (deadLetterQueue != null) {
            for (var message : available.values().stream().filter(message -> message.expired(now)).toList()) {
                available.remove(message);
                expire(message);
            }
        }
        dispatch();
    }

    /** Every lock is lost at once, as when the broker goes away: the messages count a failed delivery, sessions are let go. */
    void loseLocks() {
        if (sessions != null) {
            sessions.locks().forEach(lock -> loseSession(lock.link));
        }
        List.copyOf(locked.values()).forEach(this::unlock);
        dispatch();
    }

    private void loseSession(Sender link) {
        releaseSession(link);
        link.setCondition(new ErrorCondition(SessionLocks.SESSION_LOCK_LOST,
                "The session lock has expired on the MessageSession. Accept a new MessageSession."));
        link.close();
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
        taken.forEach(available::remove);
        return taken;
    }

    private void deliver(Sender link, StoredMessage message) {
        deliveries++;
        var lockToken = UUID.randomUUID();
        boolean peekLock = link.getSenderSettleMode() != SenderSettleMode.SETTLED;
        if (peekLock) {
            message.lockToken = lockToken;
            var session = sessions == null ? null : sessions.held(link);
            message.lockedUntil = session != null ? session.lockedUntil : System.currentTimeMillis() + settings.lockDuration().toMillis();
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

    long deliveries() {
        return deliveries;
    }

    long settlements() {
        return settlements;
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
            available.put(message);
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
            available.put(message);
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

    private static ErrorCondition notAllowed(String description) {
        return new ErrorCondition(Symbol.valueOf("amqp:not-allowed"), description);
    }

    /** Closed by the client, or its connection went away (a link still waiting for a session is not open here yet). */
    private static boolean gone(Sender link) {
        var connection = link.getSession().getConnection();
        return link.getRemoteState() != EndpointState.ACTIVE || link.getSession().getRemoteState() != EndpointState.ACTIVE
                || connection.getRemoteState() != EndpointState.ACTIVE || connection.getLocalState() == EndpointState.CLOSED;
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
