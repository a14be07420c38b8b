package io.github.asyncjobs.job.queue;

/**
 * Nack metadata: give the message back at once for another consumer, without counting the delivery where the queue
 * can (the embedded queue can; Service Bus counts every abandon). Used at shutdown for work that never ran to its end.
 */
public record HandBack() {
}
