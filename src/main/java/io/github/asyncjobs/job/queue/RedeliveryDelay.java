package io.github.asyncjobs.job.queue;

import java.time.Duration;

/** Nack metadata: deliver the message again, but not before {@code delay} has passed (where the broker can wait). */
public record RedeliveryDelay(Duration delay) {
}
