package io.github.asyncjobs.adapter.azure.blob;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.models.BlobListDetails;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.options.BlockBlobSimpleUploadOptions;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.asyncjobs.job.Job;
import io.github.asyncjobs.job.Sha256;
import io.github.asyncjobs.job.store.IdempotencyClaim;
import io.github.asyncjobs.job.store.JobRecords;
import io.github.asyncjobs.job.store.StoreUnavailableException;
import io.quarkus.logging.Log;

/**
 * Job records as JSON blobs ({@code records/<id>.json}). Updates are read-modify-write under the blob's
 * ETag ({@code If-Match}), retried on conflict, so concurrent processors, cancels and redeliveries can
 * never move a job backwards. Each unfinished job also has an empty marker blob ({@code pending/<id>})
 * carrying its creation time, so that expiry lists only unfinished jobs, never the whole history.
 */
public final class BlobJobRecords implements JobRecords {

    private static final String JSON = "application/json";
    private static final int MAX_CONFLICTS = 20;
    private static final String CREATED = "created";

    private final BlobContainer container;
    private final ObjectMapper mapper;

    BlobJobRecords(BlobContainer container, ObjectMapper mapper) {
        this.container = container;
        this.mapper = mapper;
    }

    @Override
    public boolean create(Job job) {
        // The marker first: a marker without a record is cleaned up by expiry, a record without a marker would never expire.
        BlobContainer.call(() -> container.blob(marker(job.id())).getBlockBlobClient()
                .uploadWithResponse(new BlockBlobSimpleUploadOptions(BinaryData.fromBytes(new byte[0]))
                        .setMetadata(Map.of(CREATED, job.createdDateTime().toString())), container.timeout(), Context.NONE));
        return container.write(record(job.id()), json(job), JSON, new BlobRequestConditions().setIfNoneMatch("*"));
    }

    @Override
    public Optional<Job> find(UUID id) {
        return container.read(record(id)).map(blob -> parse(blob.content().toBytes(), Job.class));
    }

    @Override
    public Optional<Job> update(UUID id, UnaryOperator<Job> change) {
        for (int conflicts = 0; conflicts < MAX_CONFLICTS; conflicts++) {
            var blob = container.read(record(id));
            if (blob.isEmpty()) {
                return Optional.empty();
            }
            var current = parse(blob.get().content().toBytes(), Job.class);
            var next = change.apply(current);
            if (next == current || !current.status().canMoveTo(next.status())) {
                return Optional.of(current);
            }
            if (container.write(record(id), json(next), JSON, new BlobRequestConditions().setIfMatch(blob.get().etag()))) {
                if (next.isTerminal()) {
                    removeMarker(id);
                }
                return Optional.of(next);
            }
        }
        throw new StoreUnavailableException("Job " + id + " is being changed by too many writers at once", null);
    }

    @Override
    public void delete(UUID id) {
        container.delete(record(id), null);
        removeMarker(id);
    }

    /** From the pending markers alone (one list call per 5,000), without reading any record. */
    @Override
    public Backlog backlog() {
        var created = new ArrayList<Instant>();
        BlobContainer.call(() -> {
            container.client().listBlobs(pendingMarkers(), container.timeout())
                    .forEach(item -> created.add(Instant.parse(item.getMetadata().getOrDefault(CREATED, Instant.EPOCH.toString()))));
            return null;
        });
        return new Backlog(created.size(), created.stream().min(Comparator.naturalOrder()));
    }

    private static ListBlobsOptions pendingMarkers() {
        return new ListBlobsOptions().setPrefix("pending/").setDetails(new BlobListDetails().setRetrieveMetadata(true));
    }

    @Override
    public List<Job> purgeFinishedBefore(Instant cutoff, int limit) {
        // The storage account's lifecycle management rule deletes records and results after the retention period.
        return List.of();
    }

    @Override
    public List<Job> unfinishedCreatedBefore(Instant cutoff) {
        var jobs = new ArrayList<Job>();
        BlobContainer.call(() -> {
            container.client().listBlobs(pendingMarkers(), container.timeout()).forEach(item -> {
                var created = Instant.parse(item.getMetadata().getOrDefault(CREATED, Instant.EPOCH.toString()));
                if (created.isBefore(cutoff)) {
                    var id = UUID.fromString(item.getName().substring("pending/".length()));
                    find(id).filter(job -> !job.isTerminal()).ifPresentOrElse(jobs::add, () -> removeMarker(id));
                }
            });
            return null;
        });
        jobs.sort(Comparator.comparing(Job::createdDateTime));
        return jobs;
    }

    @Override
    public Optional<IdempotencyClaim> claim(IdempotencyClaim claim) {
        if (container.write(keyBlob(claim.key()), json(claim), JSON, new BlobRequestConditions().setIfNoneMatch("*"))) {
            return Optional.empty();
        }
        return container.read(keyBlob(claim.key())).map(blob -> parse(blob.content().toBytes(), IdempotencyClaim.class))
                .or(() -> claim(claim));
    }

    @Override
    public void release(IdempotencyClaim claim) {
        container.read(keyBlob(claim.key()))
                .filter(blob -> parse(blob.content().toBytes(), IdempotencyClaim.class).jobId().equals(claim.jobId()))
                .ifPresent(blob -> container.delete(keyBlob(claim.key()), new BlobRequestConditions().setIfMatch(blob.etag())));
    }

    @Override
    public void checkAvailable() {
        container.checkAvailable();
    }

    private void removeMarker(UUID id) {
        try {
            container.delete(marker(id), null);
        } catch (StoreUnavailableException e) {
            // Harmless: expiry finds the record finished and removes the marker then.
            Log.debugf("Could not remove the pending marker of job %s: %s", id, e.getMessage());
        }
    }

    private static String record(UUID id) {
        return "records/" + id + ".json";
    }

    private static String marker(UUID id) {
        return "pending/" + id;
    }

    /** Keys are client input: name their blobs by digest. */
    private static String keyBlob(String key) {
        return "idempotency-keys/" + Sha256.hex(key) + ".json";
    }

    private byte[] json(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private <T> T parse(byte[] bytes, Class<T> type) {
        try {
            return mapper.readValue(bytes, type);
        } catch (IOException e) {
            throw new StoreUnavailableException("Unreadable " + type.getSimpleName() + " in Blob Storage", e);
        }
    }
}
