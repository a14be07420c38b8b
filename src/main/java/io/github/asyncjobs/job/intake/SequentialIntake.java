package io.github.asyncjobs.job.intake;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.asyncjobs.job.Job;
import io.github.asyncjobs.job.JobsUnavailableException;
import io.github.asyncjobs.job.callback.CallbackDeliveries;
import io.github.asyncjobs.job.callback.CallbackDelivery;
import io.github.asyncjobs.job.queue.JobMessage;
import io.github.asyncjobs.job.queue.JobQueue;
import io.github.asyncjobs.job.queue.QueueRefusedException;
import io.github.asyncjobs.job.resilience.QueueBreaker;
import io.github.asyncjobs.job.store.IdempotencyClaim;
import io.github.asyncjobs.job.store.JobRecords;
import io.github.asyncjobs.job.store.StoreUnavailableException;
import io.github.asyncjobs.telemetry.JobLogContext;
import io.quarkus.logging.Log;

/**
 * Intake for a store and a queue that share no transaction (Blob Storage and Service Bus): claim, record the callback
 * delivery (when the job asked to be notified), record the job (with the message, as an outbox), send, mark queued. A
 * job whose process died before it was queued is sent by the requeue sweep; a delivery whose job never got recorded is
 * removed by the callback dispatcher. A send that fails takes the job back, so a replay of the same request is told
 * its job was accepted only once that can no longer happen (docs/reliability.md): its message was queued, or it waits
 * in the outbox longer than any accept takes.
 */
public class SequentialIntake implements JobIntake {

    /** Jobs requeued per sweep at most; the next sweep takes the rest. */
    private static final int REQUEUE_BATCH = 500;

    private final JobRecords records;
    private final CallbackDeliveries callbacks;
    private final JobQueue queue;
    private final IdempotencyKeys keys;
    private final QueueBreaker breaker;
    private final Duration sendTimeout;
    private final Duration requeueAfter;
    private final double drillHaltBeforeQueueing;

    /**
     * @param sendTimeout how long accepting waits for the broker to take a message before answering 503
     * @param requeueAfter how old an unqueued job is before the requeue sweep sends it (longer than any accept takes)
     * @param drillHaltBeforeQueueing crash drills only: the chance of halting between recording and sending
     */
    public SequentialIntake(JobRecords records, CallbackDeliveries callbacks, JobQueue queue, IdempotencyKeys keys,
            QueueBreaker breaker, Duration sendTimeout, Duration requeueAfter, double drillHaltBeforeQueueing) {
        this.records = records;
        this.callbacks = callbacks;
        this.queue = queue;
        this.keys = keys;
        this.breaker = breaker;
        this.sendTimeout = sendTimeout;
        this.requeueAfter = requeueAfter;
        this.drillHaltBeforeQueueing = drillHaltBeforeQueueing;
    }

    @Override
    public Optional<IdempotencyClaim> accept(Job job, Optional<IdempotencyClaim> claim, JobMessage message) {
        if (claim.isPresent()) {
            var earlier = keys.bind(records, claim.get());
            if (earlier.isPresent()) {
                if (earlier.get().requestHash().equals(claim.get().requestHash()) && !past(earlier.get())) {
                    throw IdempotencyConflictException.whileInProgress();
                }
                return earlier;
            }
        }
        try {
            if (job.callback() != null) {
                // Before the record: a job that exists with a callback always has its delivery, whenever a crash comes.
                callbacks.create(CallbackDelivery.armed(job));
            }
            records.create(job, message);
            if (drillHaltBeforeQueueing > 0 && ThreadLocalRandom.current().nextDouble() < drillHaltBeforeQueueing) {
                Runtime.getRuntime().halt(137); // the crash drill's fault point: as a SIGKILL would, between the two writes
            }
            send(message);
        } catch (JobsUnavailableException | StoreUnavailableException | QueueRefusedException e) {
            undo(job, claim);
            throw e;
        }
        markQueued(job.id());
        return Optional.empty();
    }

    /**
     * Whether the job an earlier request bound the key to can no longer be taken back: its message was queued, or it
     * has waited in the outbox longer than any accept takes (then the request that recorded it has ended, and the
     * requeue sweep sends it). Until then that request may still be sending, and may fail.
     */
    private boolean past(IdempotencyClaim earlier) {
        var job = records.find(earlier.jobId());
        return job.isPresent() && (job.get().createdDateTime().isBefore(Instant.now().minus(requeueAfter))
                || records.queued(earlier.jobId()));
    }

    /** Sends the messages of jobs whose process died between recording and queueing them; a resend is dropped as a duplicate. */
    @Override
    public int requeueUnqueued(Instant recordedBefore) {
        int requeued = 0;
        for (var message : records.unqueuedBefore(recordedBefore, REQUEUE_BATCH)) {
            try (var log = JobLogContext.open(message.jobId())) {
                send(message);
                markQueued(message.jobId());
                requeued++;
                Log.warnf("Job %s was recorded but not queued (the instance that accepted it stopped in between); queued it now",
                        message.jobId());
            } catch (QueueRefusedException e) {
                // Only a change of the queue or of this service's rights since the job was accepted leads here.
                Log.errorf("The queue refused the message of job %s (it stays unqueued until it expires): %s", message.jobId(),
                        e.getMessage());
            }
        }
        return requeued;
    }

    private void markQueued(UUID id) {
        try {
            records.markQueued(id);
        } catch (StoreUnavailableException e) {
            // The job is queued; at worst the requeue sweep sends it again, and the queue drops the duplicate.
            Log.debugf("Could not mark job %s as queued: %s", id, e.getMessage());
        }
    }

    private void send(JobMessage message) {
        breaker.send(() -> sendNow(message));
    }

    /** A refusal for good passes the breaker as it is: it is not an outage of the queue. */
    private void sendNow(JobMessage message) {
        try {
            queue.send(message).toCompletableFuture().get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            var cause = e instanceof ExecutionException ? e.getCause() : e;
            if (cause instanceof QueueRefusedException refused) {
                throw refused;
            }
            throw new JobsUnavailableException("The queue cannot take the job", cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JobsUnavailableException("Interrupted while queueing the job", e);
        } catch (RuntimeException e) {
            throw new JobsUnavailableException("The queue cannot take the job", e);
        }
    }

    private void undo(Job job, Optional<IdempotencyClaim> claim) {
        try {
            records.delete(job);
            if (job.callback() != null) {
                callbacks.delete(job.id());
            }
            claim.ifPresent(records::release);
        } catch (StoreUnavailableException e) {
            // The record stays NotStarted without a message; expiry fails it after the time to live.
            Log.errorf(e, "Could not remove job %s after it failed to be queued", job.id());
        }
    }
}
