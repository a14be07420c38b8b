package io.github.asyncjobs.adapter.azure.blob;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.models.BlobListDetails;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.options.BlockBlobSimpleUploadOptions;

import io.github.asyncjobs.job.Job;
import io.github.asyncjobs.job.Requester;
import io.github.asyncjobs.job.Sha256;
import io.github.asyncjobs.job.queue.JobMessage;
import io.quarkus.logging.Log;

/**
 * A marker blob per unfinished job ({@code pending/<id>}), gone once the job ends: its metadata says when the job was
 * created, whose it is (the owner, hashed) and whether its message is queued, so that expiry, the backlog, the outbox
 * sweep and the per-caller counts list unfinished jobs alone, never the whole history. Until the queue has taken the
 * job's message, the marker holds it: the outbox from which a job whose process died before queueing it is sent again.
 */
final class BlobPendingMarkers {

    private static final String PENDING = "pending/";
    private static final String CREATED = "created";
    private static final String OWNER = "owner";
    private static final String QUEUED = "queued";
    /** When a job scheduled for later starts: from then on it counts as waiting (the backlog's oldest age). */
    private static final String STARTS = "starts";

    /**
     * One marker as a listing shows it: whose job (hashed owner, null for markers older than owners), since when, and
     * when it may start (its creation, unless it was scheduled for later).
     */
    record Marker(UUID id, Instant created, Instant startsAt, String owner, boolean queued) {
    }

    private final BlobContainer container;
    private final BlobDocuments documents;

    BlobPendingMarkers(BlobContainer container, BlobDocuments documents) {
        this.container = container;
        this.documents = documents;
    }

    /** The value of a marker's owner for the jobs of {@code listedAs} ({@link Requester#listedAs}). */
    static String owner(String listedAs) {
        return Sha256.hex(listedAs);
    }

    /** The job's marker, holding its message, not queued; on another thread. */
    CompletableFuture<Void> write(Job job, JobMessage message) {
        return container.async(() -> {
            upload(job, message);
            return null;
        });
    }

    /** The marker written again with the message, without {@code queued}: the outbox sweep lists it as unqueued. */
    void rewrite(Job job, JobMessage message) {
        BlobContainer.call(() -> {
            upload(job, message);
            return null;
        });
    }

    /** One Set Blob Metadata: the queue has the job's message. */
    void markQueued(Job job) {
        container.blob(marker(job.id())).setMetadataWithResponse(metadata(job, true), null, container.timeout(), Context.NONE);
    }

    /** One Get Blob Properties: the marker says {@code queued}, or it is gone (the job started or ended). */
    boolean queued(UUID id) {
        return BlobContainer.call(() -> {
            try {
                return container.blob(marker(id)).getPropertiesWithResponse(null, container.timeout(), Context.NONE)
                        .getValue().getMetadata().containsKey(QUEUED);
            } catch (BlobStorageException e) {
                if (e.getStatusCode() == 404) {
                    return true;
                }
                throw e;
            }
        });
    }

    /** The message the marker holds, if it still holds one. */
    Optional<JobMessage> message(UUID id) {
        return container.read(marker(id)).filter(blob -> blob.content().getLength() > 0)
                .map(blob -> documents.parse(blob, JobMessage.class));
    }

    /** Every marker, a List Blobs call per 5,000, without reading any. */
    void forEach(Consumer<Marker> action) {
        var options = new ListBlobsOptions().setPrefix(PENDING).setDetails(new BlobListDetails().setRetrieveMetadata(true));
        BlobContainer.call(() -> {
            container.client().listBlobs(options, container.timeout()).forEach(item -> {
                var metadata = item.getMetadata() == null ? Map.<String, String> of() : item.getMetadata();
                var created = Instant.parse(metadata.getOrDefault(CREATED, Instant.EPOCH.toString()));
                action.accept(new Marker(UUID.fromString(item.getName().substring(PENDING.length())), created,
                        metadata.containsKey(STARTS) ? Instant.parse(metadata.get(STARTS)) : created, metadata.get(OWNER),
                        metadata.containsKey(QUEUED)));
            });
            return null;
        });
    }

    /** In the background: nobody waits for it, and a failure is harmless (expiry finds the record finished and removes it). */
    void remove(UUID id) {
        container.async(() -> {
            container.delete(marker(id), null);
            return null;
        }).exceptionally(e -> {
            Log.debugf("Could not remove the pending marker of job %s: %s", id, e.getMessage());
            return null;
        });
    }

    private void upload(Job job, JobMessage message) {
        container.blob(marker(job.id())).getBlockBlobClient().uploadWithResponse(
                new BlockBlobSimpleUploadOptions(BinaryData.fromBytes(documents.json(message))).setMetadata(metadata(job, false)),
                container.timeout(), Context.NONE);
    }

    private static Map<String, String> metadata(Job job, boolean queued) {
        var metadata = new HashMap<String, String>();
        metadata.put(CREATED, job.createdDateTime().toString());
        metadata.put(OWNER, owner(Requester.listedAs(job.owner())));
        if (job.notBefore() != null) {
            metadata.put(STARTS, job.startsAt().toString());
        }
        if (queued) {
            metadata.put(QUEUED, "true");
        }
        return metadata;
    }

    private static String marker(UUID id) {
        return PENDING + id;
    }
}
