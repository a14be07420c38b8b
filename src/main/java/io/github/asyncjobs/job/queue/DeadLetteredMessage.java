package io.github.asyncjobs.job.queue;

import java.util.Map;

/** A message found in a dead-letter queue, with the broker's reason for putting it there, and its body. */
public record DeadLetteredMessage(String messageId, Map<String, String> properties, String reason, String description,
        byte[] body) {
}
