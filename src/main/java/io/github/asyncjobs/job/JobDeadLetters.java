package io.github.asyncjobs.job;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.github.asyncjobs.job.queue.DeadLetterHandler;
import io.github.asyncjobs.job.queue.DeadLetteredMessage;
import io.github.asyncjobs.job.store.JobRecords;
import io.quarkus.logging.Log;

/**
 * Fails the job of every dead-lettered message (too many deliveries, time to live passed, or the processor's
 * own verdict), with the broker's reason, so that no job waits for a message that will never come.
 */
@ApplicationScoped
public class JobDeadLetters implements DeadLetterHandler {

    private final JobRecords records;
    private final JobMetrics metrics;

    public JobDeadLetters(JobRecords records, JobMetrics metrics) {
        this.records = records;
        this.metrics = metrics;
    }

    @Override
    public void deadLettered(DeadLetteredMessage message) {
        UUID id;
        try {
            id = UUID.fromString(message.messageId());
        } catch (IllegalArgumentException | NullPointerException e) {
            return; // not one of our jobs
        }
        var reason = message.reason() == null ? "DeadLettered" : message.reason();
        var error = new JobError(reason, message.description() == null
                ? "The job's message was dead-lettered: " + reason
                : message.description());
        records.update(id, job -> job.isTerminal() ? job : job.fail(error, Instant.now()))
                .filter(job -> job.error() == error)
                .ifPresent(job -> {
                    metrics.completed(job);
                    metrics.deadLettered(reason);
                    Log.warnf("Job %s failed: its message was dead-lettered (%s)", id, reason);
                });
    }
}
