package io.github.asyncjobs.job.queue;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What travels through the queue for one job: the body is the job's JSON input, the message id is the job's id (so
 * brokers with duplicate detection drop repeats), and the type rides in {@code job_type}. A job queued again after its
 * message was dead-lettered before it ever ran ({@code round} above 0) gets the id {@code <job id>.<round>}: the broker
 * would drop a resend under the old id as a duplicate.
 *
 * @param properties extra application properties the job's handler declared, for routing and filtering
 * @param round 0 for the job's first message, then one more each time it is queued again after a dead-letter
 * @param notBefore when the message may be delivered (the job's scheduled start), or null for at once
 */
@RegisterForReflection
public record JobMessage(UUID jobId, String type, byte[] input, Map<String, String> properties, int round, Instant notBefore) {

    public static final String TYPE_PROPERTY = "job_type";
    /** Whose job (the owner, hashed): what the embedded queue serves callers in turn by. */
    public static final String CALLER_PROPERTY = "job_caller";

    public JobMessage(UUID jobId, String type, byte[] input, Map<String, String> properties) {
        this(jobId, type, input, properties, 0, null);
    }

    public JobMessage(UUID jobId, String type, byte[] input, Map<String, String> properties, int round) {
        this(jobId, type, input, properties, round, null);
    }

    /** The broker message id of this message. */
    public String messageId() {
        return round == 0 ? jobId.toString() : jobId + "." + round;
    }

    /** The same job's message for its next round. */
    public JobMessage nextRound() {
        return new JobMessage(jobId, type, input, properties, round + 1, notBefore);
    }

    /** The job and round a message id names, or empty when it is not one of ours. */
    public static Optional<JobMessage.Id> parseId(String messageId) {
        if (messageId == null) {
            return Optional.empty();
        }
        int dot = messageId.indexOf('.');
        try {
            var job = UUID.fromString(dot < 0 ? messageId : messageId.substring(0, dot));
            int round = dot < 0 ? 0 : Integer.parseInt(messageId.substring(dot + 1));
            return round < 0 ? Optional.empty() : Optional.of(new Id(job, round));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** What a message id says: the job, and how many times it was queued again after a dead-letter. */
    public record Id(UUID jobId, int round) {
    }
}
