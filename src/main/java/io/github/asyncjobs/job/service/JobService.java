package io.github.asyncjobs.job.service;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.Readiness;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.asyncjobs.config.JobsConfig;
import io.github.asyncjobs.job.Job;
import io.github.asyncjobs.job.JobOwner;
import io.github.asyncjobs.job.JobPage;
import io.github.asyncjobs.job.JobQuery;
import io.github.asyncjobs.job.JobStatus;
import io.github.asyncjobs.job.JobsUnavailableException;
import io.github.asyncjobs.job.Requester;
import io.github.asyncjobs.job.Sha256;
import io.github.asyncjobs.job.callback.CallbackDeliveries;
import io.github.asyncjobs.job.callback.CallbackRequest;
import io.github.asyncjobs.job.callback.CallbackTargets;
import io.github.asyncjobs.job.intake.Admission;
import io.github.asyncjobs.job.intake.IdempotencyConflictException;
import io.github.asyncjobs.job.intake.JobIntake;
import io.github.asyncjobs.job.intake.JobRequest;
import io.github.asyncjobs.job.lifecycle.JobEndings;
import io.github.asyncjobs.job.lifecycle.JobMetrics;
import io.github.asyncjobs.job.monitor.CallbackState;
import io.github.asyncjobs.job.monitor.DeliveryStatus;
import io.github.asyncjobs.job.monitor.PollInterval;
import io.github.asyncjobs.job.monitor.ResultUrls;
import io.github.asyncjobs.job.processing.JobHandlers;
import io.github.asyncjobs.job.queue.JobMessage;
import io.github.asyncjobs.job.queue.JobQueue;
import io.github.asyncjobs.job.resilience.StoreBreaker;
import io.github.asyncjobs.job.store.IdempotencyClaim;
import io.github.asyncjobs.job.store.JobRecords;
import io.github.asyncjobs.job.store.StoreUnavailableException;
import io.github.asyncjobs.telemetry.JobLogContext;
import io.quarkus.logging.Log;

/** Accepts, finds, cancels, reruns and purges jobs: everything the HTTP API asks of the job layer. */
@ApplicationScoped
public class JobService {

    private final JobHandlers handlers;
    private final JobRecords records;
    private final ResultUrls resultUrls;
    private final JobIntake intake;
    private final JobQueue queue;
    private final JobMetrics metrics;
    private final JobEndings endings;
    private final CallbackTargets callbackTargets;
    private final CallbackDeliveries callbacks;
    private final ObjectMapper mapper;
    private final PollInterval pollInterval;
    private final JobsConfig config;
    private final StoreBreaker storeBreaker;
    private final Admission admission;
    private final JobErasure erasure;
    private final JobWaits waits;

    public JobService(JobHandlers handlers, JobRecords records, ResultUrls resultUrls, JobIntake intake, JobQueue queue,
            JobMetrics metrics, JobEndings endings, CallbackTargets callbackTargets, CallbackDeliveries callbacks, ObjectMapper mapper,
            PollInterval pollInterval, JobsConfig config, @Readiness StoreBreaker storeBreaker, Admission admission,
            JobErasure erasure, JobWaits waits) {
        this.handlers = handlers;
        this.records = records;
        this.resultUrls = resultUrls;
        this.intake = intake;
        this.queue = queue;
        this.metrics = metrics;
        this.endings = endings;
        this.callbackTargets = callbackTargets;
        this.callbacks = callbacks;
        this.mapper = mapper;
        this.pollInterval = pollInterval;
        this.config = config;
        this.storeBreaker = storeBreaker;
        this.admission = admission;
        this.erasure = erasure;
        this.waits = waits;
    }

    /**
     * The outcome of accepting: the job, whether it was accepted earlier under the same idempotency key, and what is
     * left of the caller's rate.
     */
    public record Acceptance(Job job, boolean replayed, Admission.RateState rate) {
    }

    /**
     * Validates the request, records the job and queues it. Either all three happen or, as far as
     * clients can see, none (see {@link JobIntake}).
     *
     * @throws io.github.asyncjobs.job.queue.QueueRefusedException when the queue does not take the job's message (too
     *         large, before anything is kept; or refused for good when sent); nothing is kept
     */
    public Acceptance accept(JobRequest request, Requester requester) {
        return accept(request, requester, null);
    }

    private Acceptance accept(JobRequest request, Requester requester, UUID rerunOf) {
        var rate = admission.takeAccept(requester);
        var prepared = handlers.prepare(request.type(), request.input());
        var callback = request.callback().map(callbackTargets::accept).orElse(null);
        var scopedKey = request.idempotencyKey().map(requester::scope);
        var job = Job.accepted(UUID.randomUUID(), request.type(), request.bodyHash(), requester.owner().orElse(null), callback,
                request.input(), request.tags(), request.notBefore().orElse(null), rerunOf, scopedKey.orElse(null), Instant.now());
        try (var log = JobLogContext.open(job.id())) {
            var claim = scopedKey.map(key -> new IdempotencyClaim(key, job.id(), request.bodyHash(), job.createdDateTime()));
            var properties = new HashMap<>(prepared.messageProperties());
            properties.put(JobMessage.CALLER_PROPERTY, Sha256.hex(requester.listedAs()));
            var message = new JobMessage(job.id(), job.type(), json(request), properties, 0, job.notBefore());
            queue.ensureFits(message);
            available(() -> storeBreaker.guarded(() -> {
                admission.takeUnfinished(requester);
                return null;
            }));
            Optional<IdempotencyClaim> earlier;
            try {
                earlier = available(() -> storeBreaker.guarded(() -> intake.accept(job, claim, message)));
            } catch (RuntimeException e) {
                admission.giveBackUnfinished(requester);
                throw e;
            }
            if (earlier.isPresent()) {
                admission.giveBackUnfinished(requester);
                return replay(earlier.get(), request, rate);
            }
            metrics.accepted(job);
            Log.debugf("Accepted job %s of type %s", job.id(), job.type());
            return new Acceptance(job, false, rate);
        }
    }

    /** The job types this service runs, sorted. */
    public List<String> types() {
        return handlers.types().stream().sorted().toList();
    }

    /** The job, if it exists and {@code requester} may see it. */
    public Optional<Job> find(UUID id, Requester requester) {
        var job = available(() -> records.find(id)).filter(requester::maySee);
        job.filter(Job::isTerminal).ifPresent(pollInterval::observe);
        return job;
    }

    /**
     * A page of the requester's jobs that match {@code query}, newest first.
     *
     * @param wholeTenant every caller's jobs in a manager's tenant (on an open service, a listing is of every job anyway)
     * @throws InvalidQueryException when the query's continuation is not one this service handed out
     */
    public JobPage list(JobQuery query, Requester requester, boolean wholeTenant) {
        if (wholeTenant && requester.owner().isPresent() && !requester.manager()) {
            throw new IllegalStateException("Only a manager lists their whole tenant's jobs");
        }
        var tenant = requester.owner().filter(owner -> wholeTenant).map(JobOwner::tenantId);
        try {
            return available(() -> tenant.isPresent() ? records.listTenant(tenant.get(), query) : records.list(requester.listedAs(), query));
        } catch (IllegalArgumentException e) {
            throw new InvalidQueryException("The continuation is not one this service handed out", e);
        }
    }

    /**
     * Waits up to {@code atMost} for an unfinished job to end, without holding a thread ({@link JobWaits}). It completes
     * on whichever thread saw the end, or on a timer's: read the job again ({@link #find}) on a thread of your own.
     *
     * @return the job as it ended; null when the wait is over first; at once (null) when the waits' bounds leave no room
     */
    public CompletableFuture<Job> awaitEnd(Job job, Duration atMost, Requester requester) {
        if (job.isTerminal()) {
            return CompletableFuture.completedFuture(job);
        }
        return waits.await(job, atMost, requester.listedAs()).orElseGet(() -> CompletableFuture.completedFuture(null));
    }

    /** When the client should ask again about this unfinished job ({@link PollInterval}). */
    public Duration pollAgainIn(Job job) {
        return pollInterval.next(job, Instant.now());
    }

    /** Cancels a job that has not finished, if {@code requester} may see it; canceling a canceled job again is fine. */
    public Optional<Job> cancel(UUID id, Requester requester) {
        var canceledNow = new AtomicBoolean();
        // Ownership is checked on the record the update reads: another caller's job is left as it is, and not found.
        var after = available(() -> storeBreaker.guarded(() -> records.update(id, job -> {
            canceledNow.set(requester.maySee(job) && job.status().canMoveTo(JobStatus.Canceled));
            return canceledNow.get() ? job.cancel(Instant.now()) : job;
        }))).filter(requester::maySee);
        after.filter(job -> job.status() == JobStatus.Succeeded || job.status() == JobStatus.Failed).ifPresent(job -> {
            throw new JobStateConflictException(job, "The job already " + job.status().name().toLowerCase() + "; it cannot be canceled");
        });
        if (canceledNow.get()) {
            after.ifPresent(endings::ended);
        }
        return after;
    }

    /**
     * Runs a failed or canceled job again, now: a new job with its type, input, tags and callback (not its notBefore),
     * owned by the same caller and counted against their limits (a manager reruns a job for its owner, whose receiver
     * verifies the owner's signature), accepted as a submit is. Under the same Idempotency-Key, the same rerun is answered again.
     *
     * @param baseUrl the public base URL of this request, for the new job's notification
     * @return empty when there is no such job that {@code requester} may see
     */
    public Optional<Acceptance> rerun(UUID id, Optional<String> idempotencyKey, String baseUrl, Requester requester) {
        var original = find(id, requester);
        original.filter(job -> job.status() != JobStatus.Failed && job.status() != JobStatus.Canceled).ifPresent(job -> {
            throw new JobStateConflictException(job, "Only a failed or canceled job can be run again; this one "
                    + (job.isTerminal() ? "succeeded" : "has not finished"));
        });
        return original.map(job -> {
            var callback = Optional.ofNullable(job.callback()).map(c -> new CallbackRequest(c.url().toString(), baseUrl));
            var request = new JobRequest(job.type(), job.input(), job.tags(), Optional.empty(), idempotencyKey,
                    Sha256.hex("rerun " + job.id()), callback);
            var owner = new Requester(Optional.ofNullable(job.owner()), requester.clientId(), false);
            return accept(request, owner, job.id());
        });
    }

    /**
     * Erases a finished job now (record, result, listing entry, idempotency key, notification state), if
     * {@code requester} may see it.
     *
     * @return false when there is no such job
     * @throws JobStateConflictException when the job has not finished
     */
    public boolean purge(UUID id, Requester requester) {
        var job = find(id, requester);
        if (job.isEmpty()) {
            return false;
        }
        if (!job.get().isTerminal()) {
            throw new JobStateConflictException(job.get(), "The job has not finished; cancel it first, then purge it");
        }
        if (available(() -> storeBreaker.guarded(() -> erasure.erase(job.get())))) {
            return true;
        }
        // Not erased: gone meanwhile (another purge did it), or its record changed as it was read.
        find(id, requester).ifPresent(changed -> {
            throw new JobStateConflictException(changed, "The job changed while it was being purged; purge it again");
        });
        return false;
    }

    /** A freshly signed URL for a succeeded job's result; it may be relative to the service's base URL. */
    public URI resultUrl(Job job) {
        return available(() -> resultUrls.signed(job));
    }

    /**
     * How the job's completion notification stands, or null when it asked for none: jobs without one cost no read here.
     * A delivery not (yet) found reads as Pending with no attempts.
     */
    public CallbackState callbackState(Job job) {
        if (job.callback() == null) {
            return null;
        }
        var url = job.callback().url();
        return available(() -> callbacks.find(job.id())).map(delivery -> new CallbackState(url, delivery.status(), delivery.attempts()))
                .orElse(new CallbackState(url, DeliveryStatus.Pending, 0));
    }

    private Acceptance replay(IdempotencyClaim earlier, JobRequest request, Admission.RateState rate) {
        if (!earlier.requestHash().equals(request.bodyHash())) {
            throw IdempotencyConflictException.forDifferentRequest();
        }
        // The key was bound in the requester's own scope, so the job it names is theirs.
        return find(earlier.jobId(), Requester.ANYONE).map(job -> new Acceptance(job, true, rate))
                .orElseThrow(IdempotencyConflictException::whileInProgress);
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
            throw new JobsUnavailableException("The job store is unavailable", e);
        }
    }
}
