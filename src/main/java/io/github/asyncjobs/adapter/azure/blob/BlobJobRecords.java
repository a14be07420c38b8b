package io.github.asyncjobs.adapter.azure.blob;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import com.azure.storage.blob.models.BlobRequestConditions;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.github.asyncjobs.job.Job;
import io.github.asyncjobs.job.JobPage;
import io.github.asyncjobs.job.JobQuery;
import io.github.asyncjobs.job.JobStatus;
import io.github.asyncjobs.job.Sha256;
import io.github.asyncjobs.job.queue.JobMessage;
import io.github.asyncjobs.job.store.IdempotencyClaim;
import io.github.asyncjobs.job.store.JobRecords;
import io.github.asyncjobs.job.store.StoreUnavailableException;
import io.quarkus.logging.Log;

/**
 * Job records as JSON blobs ({@code records/<id>.json}). Updates are read-modify-write under the blob's
 * ETag ({@code If-Match}), retried on conflict, so concurrent processors, cancels and redeliveries can
 * never move a job backwards. Each unfinished job also has a pending marker ({@link BlobPendingMarkers}): what expiry,
 * the backlog, the outbox sweep and the per-caller counts list instead of the whole history.
 */
public final class BlobJobRecords implements JobRecords {

    private static final int MAX_CONFLICTS = 20;
    /** The outbox sweep's turns ({@link BlobUpkeepTurns}). */
    static final String OUTBOX = "upkeep/outbox";
    /** Expiry's turns. */
    static final String EXPIRY = "upkeep/expiry";

    private final BlobContainer container;
    private final BlobJobIndex index;
    private final BlobPendingMarkers markers;
    private final BlobSharedBacklog backlog;
    /** The outbox sweep's turns: one instance per sweep interval lists the markers for all. */
    private final BlobUpkeepTurns outbox;
    /** Expiry's turns, likewise. */
    private final BlobUpkeepTurns expiry;
    private final BlobDocuments documents;
    /** The last version of unfinished records this instance wrote or read, for a write without a read before it. */
    private final Cache<UUID, Version> versions = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(Duration.ofMinutes(15))
            .build();

    /**
     * Jobs whose message this instance saw the queue take: a replay asking {@link #queued} right after the accept is
     * answered without waiting for the marker's metadata, which is written in the background.
     */
    private final Cache<UUID, Boolean> queuedHere = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(Duration.ofMinutes(15))
            .build();

    /** A record and the ETag it has in Blob Storage. */
    private record Version(Job job, String etag) {
    }

    /**
     * @param sampleInterval how often instances sample the backlog ({@link BlobSharedBacklog}: one for all)
     * @param sweepInterval how often instances sweep the outbox ({@link #unqueuedBefore}: one for all)
     * @param expiryInterval how often instances look for expired jobs ({@link #unfinishedCreatedBefore}: one for all)
     */
    BlobJobRecords(BlobContainer container, BlobDocuments documents, Duration sampleInterval, Duration sweepInterval,
            Duration expiryInterval) {
        this.container = container;
        this.markers = new BlobPendingMarkers(container, documents);
        this.backlog = new BlobSharedBacklog(new BlobUpkeepTurns(container, BlobSharedBacklog.NAME, sampleInterval),
                this::listBacklog);
        this.outbox = new BlobUpkeepTurns(container, OUTBOX, sweepInterval);
        this.expiry = new BlobUpkeepTurns(container, EXPIRY, expiryInterval);
        this.index = new BlobJobIndex(container);
        this.documents = documents;
    }

    /**
     * Marker and listing entry in parallel, then the record: two round trips of latency. The record is the accept's
     * commit point: a process that dies before it leaves a marker and an entry that every reader skips for want of a
     * record (the outbox sweep removes the marker), never a record without the marker that sends it from the outbox, which a
     * client replaying its idempotency key would be answered with and which would never run.
     */
    @Override
    public boolean create(Job job, JobMessage message) {
        try {
            CompletableFuture.allOf(markers.write(job, message), index.add(job)).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof StoreUnavailableException unavailable ? unavailable
                    : new StoreUnavailableException("Blob Storage failed: " + e.getCause().getMessage(), e.getCause());
        }
        var written = documents.write(record(job.id()), job, new BlobRequestConditions().setIfNoneMatch("*"));
        written.ifPresent(etag -> versions.put(job.id(), new Version(job, etag)));
        return written.isPresent();
    }

    /** In the background, off the accept's path: one Set Blob Metadata. */
    @Override
    public void markQueued(UUID id) {
        queuedHere.put(id, true);
        container.async(() -> {
            known(id).ifPresent(markers::markQueued);
            return null;
        }).exceptionally(e -> {
            Log.debugf("Could not mark job %s as queued: %s", id, e.getMessage());
            return null;
        });
    }

    /**
     * Known here when this instance queued it; else one Get Blob Properties: the marker says {@code queued}, or it is
     * gone (the job started or ended).
     */
    @Override
    public boolean queued(UUID id) {
        return queuedHere.getIfPresent(id) != null || known(id).map(markers::queued).orElse(true);
    }

    /** The job as this instance last wrote or read it, else as stored. */
    private Optional<Job> known(UUID id) {
        return Optional.ofNullable(versions.getIfPresent(id)).map(Version::job).or(() -> find(id));
    }

    /** The marker written again with the message, without {@code queued}: the sweep lists it as unqueued. */
    @Override
    public boolean requeue(JobMessage message) {
        var job = find(message.jobId()).filter(j -> j.status() == JobStatus.NotStarted);
        job.ifPresent(j -> markers.rewrite(j, message));
        return job.isPresent();
    }

    /**
     * From the pending markers whose metadata does not say queued (normally none, so no record is read), listed by one
     * instance per sweep interval for all ({@link BlobUpkeepTurns}): empty when the turn is another instance's. A full
     * batch leaves the sweep due at once, for the next instance's sweep to go on.
     */
    @Override
    public List<JobMessage> unqueuedBefore(Instant cutoff, int limit) {
        return outbox.take(() -> listUnqueued(cutoff, limit), messages -> messages.size() >= limit).orElse(List.of());
    }

    private List<JobMessage> listUnqueued(Instant cutoff, int limit) {
        var messages = new ArrayList<JobMessage>();
        markers.forEach(marker -> {
            if (messages.size() < limit && !marker.queued() && marker.created().isBefore(cutoff)) {
                var job = find(marker.id());
                if (job.isEmpty()) {
                    // Its accept died before the record, longer ago than any accept takes: never accepted, so not counted.
                    markers.remove(marker);
                } else if (job.get().status() == JobStatus.NotStarted) {
                    markers.message(marker).ifPresent(messages::add);
                }
            }
        });
        return messages;
    }

    @Override
    public JobPage list(String owner, JobQuery query) {
        return continued(query, () -> index.page(owner, query, this::find));
    }

    @Override
    public JobPage listTenant(String tenantId, JobQuery query) {
        return continued(query, () -> index.tenantPage(tenantId, query, this::find));
    }

    /** A continuation Blob Storage refuses (400) is not one it handed out. */
    private static JobPage continued(JobQuery query, Supplier<JobPage> listing) {
        try {
            return listing.get();
        } catch (StoreUnavailableException e) {
            if (query.continuation().isPresent() && e.getCause() instanceof com.azure.storage.blob.models.BlobStorageException s
                    && s.getStatusCode() == 400) {
                throw new IllegalArgumentException("Not a continuation of this store", e);
            }
            throw e;
        }
    }

    @Override
    public Optional<Job> find(UUID id) {
        return read(id).map(Version::job);
    }

    /**
     * Read-modify-write under the ETag. The first try uses the version this instance wrote or read last, if any, so
     * a processor moving its own job along does not read the record before every write; a 412 means someone else
     * changed it, and the loop goes on with a fresh read.
     */
    @Override
    public Optional<Job> update(UUID id, UnaryOperator<Job> change) {
        var known = Optional.ofNullable(versions.getIfPresent(id));
        for (int conflicts = 0; conflicts < MAX_CONFLICTS; conflicts++) {
            var remembered = known.isPresent();
            var version = remembered ? known : read(id);
            known = Optional.empty();
            if (version.isEmpty()) {
                return Optional.empty();
            }
            var current = version.get().job();
            var next = change.apply(current);
            if (next == current || !current.status().canMoveTo(next.status())) {
                if (remembered) {
                    continue; // no write proves a remembered version current: decide on the stored one
                }
                return Optional.of(current);
            }
            var written = documents.write(record(id), next, new BlobRequestConditions().setIfMatch(version.get().etag()));
            if (written.isPresent()) {
                if (next.isTerminal()) {
                    versions.invalidate(id);
                    markers.remove(next);
                } else {
                    versions.put(id, new Version(next, written.get()));
                }
                return Optional.of(next);
            }
            versions.invalidate(id);
        }
        throw new StoreUnavailableException("Job " + id + " is being changed by too many writers at once", null);
    }

    private Optional<Version> read(UUID id) {
        var version = container.read(record(id)).map(blob -> new Version(documents.parse(blob, Job.class), blob.etag()));
        version.filter(v -> !v.job().isTerminal()).ifPresent(v -> versions.put(id, v));
        return version;
    }

    /** The record first, then the marker, found by the job's name: the record may never have been written. */
    @Override
    public void delete(Job job) {
        versions.invalidate(job.id());
        container.delete(record(job.id()), null);
        markers.remove(job);
    }

    /** The record goes first, only as last read finished (If-Match): a job without a record is gone for its clients. */
    @Override
    public boolean purge(Job finished) {
        versions.invalidate(finished.id());
        var current = container.read(record(finished.id()));
        if (current.isEmpty() || !documents.parse(current.get(), Job.class).isTerminal()) {
            return false;
        }
        if (!container.delete(record(finished.id()), new BlobRequestConditions().setIfMatch(current.get().etag()))) {
            return false;
        }
        index.remove(finished);
        if (finished.idempotencyKey() != null) {
            release(new IdempotencyClaim(finished.idempotencyKey(), finished.id(), finished.requestHash(), null));
        }
        return true;
    }

    /** Sampled by one instance per interval for all ({@link BlobSharedBacklog}). */
    @Override
    public Backlog backlog() {
        return backlog.get();
    }

    /** From the pending markers alone (one list call per 5,000), without reading any record. */
    private Backlog listBacklog() {
        var created = new ArrayList<Instant>();
        // A job scheduled for later counts as waiting from its start.
        markers.forEach(marker -> created.add(marker.startsAt()));
        return new Backlog(created.size(), created.stream().min(Comparator.naturalOrder()));
    }

    @Override
    public int unfinishedCount(String owner, int atMost) {
        return markers.count(owner, atMost);
    }

    @Override
    public List<Job> purgeFinishedBefore(Instant cutoff, int limit) {
        // The storage account's lifecycle management rule deletes records and results after the retention period.
        return List.of();
    }

    /** Listed by one instance per expiry interval for all ({@link BlobUpkeepTurns}): empty when the turn is another's. */
    @Override
    public List<Job> unfinishedCreatedBefore(Instant cutoff) {
        return expiry.take(() -> listUnfinished(cutoff), jobs -> false).orElse(List.of());
    }

    private List<Job> listUnfinished(Instant cutoff) {
        var jobs = new ArrayList<Job>();
        markers.forEach(marker -> {
            if (marker.created().isBefore(cutoff)) {
                find(marker.id()).filter(job -> !job.isTerminal()).ifPresentOrElse(jobs::add, () -> markers.remove(marker));
            }
        });
        jobs.sort(Comparator.comparing(Job::createdDateTime));
        return jobs;
    }

    @Override
    public Optional<IdempotencyClaim> claim(IdempotencyClaim claim) {
        if (documents.write(keyBlob(claim.key()), claim, new BlobRequestConditions().setIfNoneMatch("*")).isPresent()) {
            return Optional.empty();
        }
        return container.read(keyBlob(claim.key())).map(blob -> documents.parse(blob, IdempotencyClaim.class))
                .or(() -> claim(claim));
    }

    @Override
    public boolean replaceClaim(IdempotencyClaim stale, IdempotencyClaim claim) {
        return documents.replace(keyBlob(claim.key()), stale, claim);
    }

    @Override
    public void release(IdempotencyClaim claim) {
        container.read(keyBlob(claim.key()))
                .filter(blob -> documents.parse(blob, IdempotencyClaim.class).jobId().equals(claim.jobId()))
                .ifPresent(blob -> container.delete(keyBlob(claim.key()), new BlobRequestConditions().setIfMatch(blob.etag())));
    }

    @Override
    public void checkAvailable() {
        container.checkAvailable();
    }

    private static String record(UUID id) {
        return "records/" + id + ".json";
    }

    /** Keys are client input: name their blobs by digest. */
    private static String keyBlob(String key) {
        return "idempotency-keys/" + Sha256.hex(key) + ".json";
    }
}
