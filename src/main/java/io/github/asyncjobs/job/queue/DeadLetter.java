package io.github.asyncjobs.job.queue;

/** Nack metadata: the message must not be delivered again; brokers that have a dead-letter queue move it there. */
public record DeadLetter(String reason, String description) {
}
