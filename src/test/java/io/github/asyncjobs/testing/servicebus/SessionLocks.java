package io.github.asyncjobs.testing.servicebus;

import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.engine.Sender;

/**
 * Who holds which session of a session-enabled entity, until when, and the receivers waiting for any free session.
 * A session is locked to one receiver link at a time; the lock lasts the queue's lock duration, renewed on request,
 * and ends when the link closes or the lock expires. Service Bus does not say which free session it hands to a
 * receiver that asks for the next one, so this broker promises no order either: it picks one at random. Reactor
 * thread only.
 */
final class SessionLocks {

    /** The attach filter that asks for a session: its value names one, or is null for the next free session. */
    static final Symbol SESSION_FILTER = Symbol.valueOf("com.microsoft:session-filter");
    /** The link property that tells the receiver until when its session is locked, in .NET ticks. */
    static final Symbol LOCKED_UNTIL_UTC = Symbol.valueOf("com.microsoft:locked-until-utc");
    static final Symbol SESSION_LOCK_LOST = Symbol.valueOf("com.microsoft:session-lock-lost");
    static final Symbol SESSION_CANNOT_BE_LOCKED = Symbol.valueOf("com.microsoft:session-cannot-be-locked");
    /** The attach property that says how long the client waits, and the error of a wait that ended without a session. */
    private static final Symbol TIMEOUT = Symbol.valueOf("com.microsoft:timeout");
    private static final long DEFAULT_WAIT_MILLIS = 60_000;
    /** .NET ticks (100 ns since 0001-01-01) at the Unix epoch. */
    private static final long EPOCH_TICKS = 621_355_968_000_000_000L;

    /** A session's lock: the link that holds it and until when. */
    static final class Lock {
        final String sessionId;
        final Sender link;
        long lockedUntil;

        Lock(String sessionId, Sender link, long lockedUntil) {
            this.sessionId = sessionId;
            this.link = link;
            this.lockedUntil = lockedUntil;
        }
    }

    private final long lockMillis;
    private final Map<String, Lock> bySession = new HashMap<>();
    private final Map<Sender, Lock> byLink = new HashMap<>();
    /** Links waiting for the next free session, with when their wait ends. */
    private final Map<Sender, Long> waiting = new LinkedHashMap<>();
    private final Random random = new Random();
    private long waitsEnded;

    SessionLocks(long lockMillis) {
        this.lockMillis = lockMillis;
    }

    /** The session a receiver's attach asks for: present with a null value for the next free one; absent when it asks for none. */
    static boolean asksForSession(Sender link) {
        return link.getRemoteSource() instanceof Source source && source.getFilter() != null
                && source.getFilter().containsKey(SESSION_FILTER);
    }

    static String requestedSession(Sender link) {
        var value = ((Source) link.getRemoteSource()).getFilter().get(SESSION_FILTER);
        return value == null ? null : value.toString();
    }

    /** Locks the named session to the link and opens it; the refusal when another link holds it. */
    ErrorCondition lockNamed(Sender link, String sessionId) {
        if (bySession.containsKey(sessionId)) {
            return new ErrorCondition(SESSION_CANNOT_BE_LOCKED, "The requested session '" + sessionId
                    + "' cannot be accepted. It may be locked by another receiver.");
        }
        lock(link, sessionId);
        return null;
    }

    /**
     * The link waits for the next free session for as long as its attach asks ({@code com.microsoft:timeout}, which
     * the SDK sets a little below its own try timeout), else a minute; then it is detached with
     * {@code com.microsoft:timeout}, as Service Bus does, and the SDK asks again on a new link.
     */
    void await(Sender link) {
        long wait = link.getRemoteProperties() != null && link.getRemoteProperties().get(TIMEOUT) instanceof Number millis
                ? millis.longValue() : DEFAULT_WAIT_MILLIS;
        waiting.put(link, System.currentTimeMillis() + wait);
    }

    /** Detaches the links whose wait for a session is over. */
    void endWaits(long now) {
        for (var entry : List.copyOf(waiting.entrySet())) {
            if (entry.getValue() <= now) {
                waiting.remove(entry.getKey());
                waitsEnded++;
                var link = entry.getKey();
                // Attached without a terminus, then detached: the SDK takes the detach's error rather than going active.
                link.setSource(null);
                link.open();
                link.setCondition(new ErrorCondition(TIMEOUT, "The operation did not complete within the allotted timeout. "
                        + "No session is available to accept."));
                link.close();
            }
        }
    }

    /** Gives waiting links free sessions among {@code withMessages}, one each, while there are some. */
    void assign(java.util.Collection<String> withMessages) {
        var free = new ArrayList<>(withMessages.stream().filter(id -> !bySession.containsKey(id)).toList());
        while (!waiting.isEmpty() && !free.isEmpty()) {
            var link = waiting.keySet().iterator().next();
            waiting.remove(link);
            lock(link, free.remove(random.nextInt(free.size())));
        }
    }

    Lock held(Sender link) {
        return byLink.get(link);
    }

    Lock lockOf(String sessionId) {
        return bySession.get(sessionId);
    }

    List<Lock> locks() {
        return List.copyOf(byLink.values());
    }

    /** Extends the session's lock by the lock duration; null when nobody holds it. */
    Date renew(String sessionId) {
        var lock = bySession.get(sessionId);
        if (lock == null) {
            return null;
        }
        lock.lockedUntil = System.currentTimeMillis() + lockMillis;
        return new Date(lock.lockedUntil);
    }

    /** Forgets the link: its session (if any) is free again; the lock it held, or null. */
    Lock release(Sender link) {
        waiting.remove(link);
        var lock = byLink.remove(link);
        if (lock != null) {
            bySession.remove(lock.sessionId);
        }
        return lock;
    }

    long waitsEnded() {
        return waitsEnded;
    }

    List<Sender> waiting() {
        return List.copyOf(waiting.keySet());
    }

    private void lock(Sender link, String sessionId) {
        var lock = new Lock(sessionId, link, System.currentTimeMillis() + lockMillis);
        bySession.put(sessionId, lock);
        byLink.put(link, lock);
        var source = (Source) ((Source) link.getRemoteSource()).copy();
        var filter = new HashMap<Symbol, Object>(source.getFilter());
        filter.put(SESSION_FILTER, sessionId);
        source.setFilter(filter);
        link.setSource(source);
        link.setProperties(Map.of(LOCKED_UNTIL_UTC, EPOCH_TICKS + lock.lockedUntil * 10_000));
        link.open();
    }
}
