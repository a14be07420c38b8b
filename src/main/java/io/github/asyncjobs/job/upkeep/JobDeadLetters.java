package io.github.asyncjobs.job.upkeep;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.asyncjobs.config.JobsConfig;
import io.github.asyncjobs.job.Job;
import io.github.asyncjobs.job.JobError;
import io.github.asyncjobs.job.JobStatus;
import io.github.asyncjobs.job.lifecycle.JobEndings;
import io.github.asyncjobs.job.lifecycle.JobMetrics;
import io.github.asyncjobs.job.processing.JobInputs;
import io.github.asyncjobs.job.queue.DeadLetterHandler;
import io.github.asyncjobs.job.queue.DeadLetteredMessage;
import io.github.asyncjobs.job.queue.JobMessage;
import io.github.asyncjobs.job.store.JobRecords;
import io.quarkus.logging.Log;

/**
 * Fails the job of every dead-lettered message (too many deliveries, time to live passed: messages that could not be
 * processed at all), with the broker's reason and the message's body kept as the job's input, so that no job waits for
 * a message that will never come and an operator can resubmit it. One exception: a job that never ran whose message
 * ran out of deliveries lost them to an outage (processors give a message back while the store is unavailable), so it
 * is queued again under a new message id, up to {@code jobs.queue.dead-letter-requeues} times.
 */
@ApplicationScoped
public class JobDeadLetters implements DeadLetterHandler {

    /** The reason Service Bus gives when a message ran out of deliveries. */
    static final String DELIVERIES_EXHAUSTED = "MaxDeliveryCountExceeded";

    private final JobRecords records;
    private final JobMetrics metrics;
    private final JobEndings endings;
    private final ObjectMapper mapper;
    private final JobsConfig config;

    public JobDeadLetters(JobRecords records, JobMetrics metrics, JobEndings endings, ObjectMapper mapper, JobsConfig config) {
        this.records = records;
        this.metrics = metrics;
        this.endings = endings;
        this.mapper = mapper;
        this.config = config;
    }

    @Override
    public void deadLettered(DeadLetteredMessage message) {
        var parsed = JobMessage.parseId(message.messageId());
        if (parsed.isEmpty()) {
            return; // not one of our jobs
        }
        var id = parsed.get().jobId();
        var reason = message.reason() == null ? "DeadLettered" : message.reason();
        if (DELIVERIES_EXHAUSTED.equals(reason) && parsed.get().round() < config.queue().deadLetterRequeues()
                && records.find(id).filter(JobDeadLetters::neverRan).isPresent()) {
            var type = message.properties().get(JobMessage.TYPE_PROPERTY);
            var again = new JobMessage(id, type, message.body(), message.properties(), parsed.get().round()).nextRound();
            if (records.requeue(again)) {
                metrics.deadLettered(reason);
                Log.warnf("Job %s never ran but its message was dead-lettered (%s), as when an outage uses up its deliveries;"
                        + " queued again as message %s", id, reason, again.messageId());
                return;
            }
        }
        var error = new JobError(reason, message.description() == null
                ? "The job's message was dead-lettered: " + reason
                : message.description());
        var input = JobInputs.parse(mapper, message.body());
        records.update(id, job -> job.isTerminal() ? job : job.fail(error, input, Instant.now()))
                .filter(job -> job.error() == error)
                .ifPresent(job -> {
                    endings.ended(job);
                    metrics.deadLettered(reason);
                    Log.warnf("Job %s failed: its message was dead-lettered (%s)", id, reason);
                });
    }

    private static boolean neverRan(Job job) {
        return job.status() == JobStatus.NotStarted && job.attempts() == 0;
    }
}
