package io.github.asyncjobs.job.queue;

import java.util.OptionalLong;

/**
 * The queue refused a message for a reason that trying again will not change: it is larger than the queue takes, or
 * the service may not send there. Not an outage: it never counts toward the queue's circuit breaker nor readiness.
 * Connectors fail a send with it; the message is for clients (no internals).
 */
public class QueueRefusedException extends RuntimeException {

    private final boolean tooLarge;
    private final OptionalLong limit;

    private QueueRefusedException(String message, boolean tooLarge, OptionalLong limit, Throwable cause) {
        super(message, cause);
        this.tooLarge = tooLarge;
        this.limit = limit;
    }

    /** The message is larger than the queue takes; {@code limit} in bytes when it is known. */
    public static QueueRefusedException tooLarge(String message, OptionalLong limit, Throwable cause) {
        return new QueueRefusedException(message, true, limit, cause);
    }

    /** Refused for another lasting reason (not authorized, the queue disabled or gone). */
    public static QueueRefusedException refused(String message, Throwable cause) {
        return new QueueRefusedException(message, false, OptionalLong.empty(), cause);
    }

    public boolean tooLarge() {
        return tooLarge;
    }

    /** The queue's limit on a message's size in bytes, when it is known. */
    public OptionalLong limit() {
        return limit;
    }
}
