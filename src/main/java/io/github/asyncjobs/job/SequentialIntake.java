package io.github.asyncjobs.job;

import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.asyncjobs.job.queue.JobMessage;
import io.github.asyncjobs.job.queue.JobQueue;
import io.github.asyncjobs.job.store.IdempotencyClaim;
import io.github.asyncjobs.job.store.JobRecords;
import io.github.asyncjobs.job.store.StoreUnavailableException;
import io.quarkus.logging.Log;

/** Intake for a store and a queue that share no transaction (Blob Storage and Service Bus): claim, record, send. */
public class SequentialIntake implements JobIntake {

    /** How long accepting waits for the broker to take a message before answering 503. */
    private static final long SEND_TIMEOUT_SECONDS = 10;

    private final JobRecords records;
    private final JobQueue queue;

    public SequentialIntake(JobRecords records, JobQueue queue) {
        this.records = records;
        this.queue = queue;
    }

    @Override
    public Optional<IdempotencyClaim> accept(Job job, Optional<IdempotencyClaim> claim, JobMessage message) {
        if (claim.isPresent()) {
            var earlier = records.claim(claim.get());
            if (earlier.isPresent()) {
                return earlier;
            }
        }
        try {
            records.create(job);
            send(message);
        } catch (JobsUnavailableException | StoreUnavailableException e) {
            undo(job, claim);
            throw e;
        }
        return Optional.empty();
    }

    private void send(JobMessage message) {
        try {
            queue.send(message).toCompletableFuture().get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            var cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new JobsUnavailableException("The queue cannot take the job: " + cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JobsUnavailableException("Interrupted while queueing the job", e);
        } catch (RuntimeException e) {
            throw new JobsUnavailableException("The queue cannot take the job: " + e.getMessage(), e);
        }
    }

    private void undo(Job job, Optional<IdempotencyClaim> claim) {
        try {
            records.delete(job.id());
            claim.ifPresent(records::release);
        } catch (StoreUnavailableException e) {
            // The record stays NotStarted without a message; expiry fails it after the time to live.
            Log.errorf(e, "Could not remove job %s after it failed to be queued", job.id());
        }
    }
}
