package io.github.asyncjobs.job;

import java.net.URI;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.asyncjobs.config.JobsConfig;
import io.github.asyncjobs.job.queue.JobMessage;
import io.github.asyncjobs.job.queue.JobQueue;
import io.github.asyncjobs.job.store.IdempotencyClaim;
import io.github.asyncjobs.job.store.JobRecords;
import io.github.asyncjobs.job.store.ResultStore;
import io.github.asyncjobs.job.store.StoreUnavailableException;
import io.github.asyncjobs.telemetry.JobLogContext;
import io.quarkus.logging.Log;

/** Accepts, finds and cancels jobs: everything the HTTP API asks of the job layer. */
@ApplicationScoped
public class JobService {

    /** How long accepting waits for the broker to take a message before answering 503. */
    private static final long SEND_TIMEOUT_SECONDS = 10;

    private final JobHandlers handlers;
    private final JobRecords records;
    private final ResultStore results;
    private final JobQueue queue;
    private final JobMetrics metrics;
    private final ObjectMapper mapper;
    private final JobsConfig config;

    public JobService(JobHandlers handlers, JobRecords records, ResultStore results, JobQueue queue, JobMetrics metrics,
            ObjectMapper mapper, JobsConfig config) {
        this.handlers = handlers;
        this.records = records;
        this.results = results;
        this.queue = queue;
        this.metrics = metrics;
        this.mapper = mapper;
        this.config = config;
    }

    /** The outcome of accepting: the job, and whether it was accepted earlier under the same idempotency key. */
    public record Acceptance(Job job, boolean replayed) {
    }

    /**
     * Validates the request, records the job and queues it. Either all three happen or, as far as
     * clients can see, none: a job that could not be queued is removed again.
     */
    public Acceptance accept(JobRequest request) {
        var prepared = handlers.prepare(request.type(), request.input());
        var job = Job.accepted(UUID.randomUUID(), request.type(), request.bodyHash(), Instant.now());
        try (var log = JobLogContext.open(job.id())) {
            var claim = request.idempotencyKey().map(key -> new IdempotencyClaim(key, job.id(), request.bodyHash()));
            if (claim.isPresent()) {
                var earlier = available(() -> records.claim(claim.get()));
                if (earlier.isPresent()) {
                    return replay(earlier.get(), request);
                }
            }
            try {
                available(() -> records.create(job));
                send(new JobMessage(job.id(), job.type(), json(request), prepared.messageProperties()));
            } catch (JobsUnavailableException e) {
                undo(job, claim);
                throw e;
            }
            metrics.accepted(job.type());
            Log.debugf("Accepted job %s of type %s", job.id(), job.type());
            return new Acceptance(job, false);
        }
    }

    public Optional<Job> find(UUID id) {
        return available(() -> records.find(id));
    }

    /** Cancels a job that has not finished; canceling a canceled job again is fine. */
    public Optional<Job> cancel(UUID id) {
        var canceledNow = new AtomicBoolean();
        var after = available(() -> records.update(id, job -> {
            canceledNow.set(job.status().canMoveTo(JobStatus.Canceled));
            return canceledNow.get() ? job.cancel(Instant.now()) : job;
        }));
        after.filter(job -> job.status() == JobStatus.Succeeded || job.status() == JobStatus.Failed).ifPresent(job -> {
            throw new JobStateConflictException(job, "The job already " + job.status().name().toLowerCase() + "; it cannot be canceled");
        });
        if (canceledNow.get()) {
            after.ifPresent(metrics::completed);
        }
        return after;
    }

    /** A freshly signed URL for a succeeded job's result; it may be relative to the service's base URL. */
    public URI resultUrl(Job job) {
        var url = available(() -> results.signedUrl(job, config.results().urlValidity()));
        metrics.resultUrlSigned(job.type());
        return url;
    }

    private Acceptance replay(IdempotencyClaim earlier, JobRequest request) {
        if (!earlier.requestHash().equals(request.bodyHash())) {
            throw IdempotencyConflictException.forDifferentRequest();
        }
        return find(earlier.jobId()).map(job -> new Acceptance(job, true))
                .orElseThrow(IdempotencyConflictException::whileInProgress);
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

    private byte[] json(JobRequest request) {
        try {
            return mapper.writeValueAsBytes(request.input());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T available(Supplier<T> storeCall) {
        try {
            return storeCall.get();
        } catch (StoreUnavailableException e) {
            throw new JobsUnavailableException("The job store is unavailable: " + e.getMessage(), e);
        }
    }
}
