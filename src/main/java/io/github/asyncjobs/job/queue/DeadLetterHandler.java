package io.github.asyncjobs.job.queue;

/**
 * Told about every message a broker dead-lettered (by its own rules, such as the maximum delivery count or
 * the time to live, or because a consumer said so). Implemented as a CDI bean; connectors that watch a
 * dead-letter queue call every such bean, possibly more than once for the same message.
 */
public interface DeadLetterHandler {

    void deadLettered(DeadLetteredMessage message);
}
