package io.github.asyncjobs.job;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.asyncjobs.job.queue.DeadLetterHandler;
import io.github.asyncjobs.job.queue.DeadLetteredMessage;
import io.github.asyncjobs.job.store.JobRecords;
import io.quarkus.logging.Log;

/**
 * Fails the job of every dead-lettered message (too many deliveries, time to live passed: messages that could not be
 * processed at all), with the broker's reason and the message's body kept as the job's input, so that no job waits for
 * a message that will never come and an operator can resubmit it.
 */
@ApplicationScoped
public class JobDeadLetters implements DeadLetterHandler {

    private final JobRecords records;
    private final JobMetrics metrics;
    private final ObjectMapper mapper;

    public JobDeadLetters(JobRecords records, JobMetrics metrics, ObjectMapper mapper) {
        this.records = records;
        this.metrics = metrics;
        this.mapper = mapper;
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
        var input = JobInputs.parse(mapper, message.body());
        records.update(id, job -> job.isTerminal() ? job : job.fail(error, input, Instant.now()))
                .filter(job -> job.error() == error)
                .ifPresent(job -> {
                    metrics.completed(job);
                    metrics.deadLettered(reason);
                    Log.warnf("Job %s failed: its message was dead-lettered (%s)", id, reason);
                });
    }
}
