package io.github.asyncjobs.adapter.azure.blob;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

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
 * A marker blob per unfinished job ({@code pending-by-owner/<owner digest>/<id>}), gone once the job ends: its metadata says when
 * the job was created and whether its message is queued, so that expiry, the backlog and the outbox sweep list
 * unfinished jobs alone, never the whole history, and a caller's count lists that caller's alone. Until the queue has
 * taken the job's message, the marker holds it: the outbox from which a job whose process died before queueing it is
 * sent again. Markers an older version wrote ({@code pending/<id>}, also during a rolling upgrade) are still listed,
 * and found by id when the owner's name is not there; the new names are under a prefix of their own because an older
 * version reads every name under {@code pending/} as a job id (so it neither fails on them during the upgrade's
 * overlap nor after a rollback; it only does not see them).
 */
final class BlobPendingMarkers {

    private static final String PENDING = "pending-by-owner/";
    /** Where versions before owners were in markers' names put them: {@code pending/<id>}. */
    private static final String OLDER = "pending/";
    private static final String CREATED = "created";
    private static final String QUEUED = "queued";
    /** When a job scheduled for later starts: from then on it counts as waiting (the backlog's oldest age). */
    private static final String STARTS = "starts";

    /**
     * One marker as a listing shows it: its blob, its job, since when, and when it may start (its creation, unless it
     * was scheduled for later).
     */
    record Marker(String name, UUID id, Instant created, Instant startsAt, boolean queued) {
    }

    private final BlobContainer container;
    private final BlobDocuments documents;

    BlobPendingMarkers(BlobContainer container, BlobDocuments documents) {
        this.container = container;
        this.documents = documents;
    }

    /** The folder of a caller's markers, for the jobs of {@code listedAs} ({@link Requester#listedAs}). */
    private static String owner(String listedAs) {
        return Sha256.hex(listedAs);
    }

    /** The job's marker, holding its message, not queued; on another thread. */
    CompletableFuture<Void> write(Job job, JobMessage message) {
        return container.async(() -> {
            upload(marker(job), job, message);
            return null;
        });
    }

    /** The marker written again with the message, without {@code queued}: the outbox sweep lists it as unqueued. */
    void rewrite(Job job, JobMessage message) {
        BlobContainer.call(() -> {
            // Where the marker is (an older version's name too), so that the job keeps one marker.
            var name = foundUnder(job, found -> {
                container.blob(found).getPropertiesWithResponse(null, container.timeout(), Context.NONE);
                return found;
            });
            upload(name.orElse(marker(job)), job, message);
            return null;
        });
    }

    /** One Set Blob Metadata: the queue has the job's message. */
    void markQueued(Job job) {
        BlobContainer.call(() -> foundUnder(job, name -> {
            container.blob(name).setMetadataWithResponse(metadata(job, true), null, container.timeout(), Context.NONE);
            return true;
        }));
    }

    /** One Get Blob Properties: the marker says {@code queued}, or it is gone (the job started or ended). */
    boolean queued(Job job) {
        return BlobContainer.call(() -> foundUnder(job, name -> container.blob(name)
                .getPropertiesWithResponse(null, container.timeout(), Context.NONE).getValue().getMetadata().containsKey(QUEUED))
                .orElse(true));
    }

    /** The message a listed marker holds, if it still holds one. */
    Optional<JobMessage> message(Marker marker) {
        return container.read(marker.name()).filter(blob -> blob.content().getLength() > 0)
                .map(blob -> documents.parse(blob, JobMessage.class));
    }

    /** Every marker, a List Blobs call per 5,000, without reading any. */
    void forEach(Consumer<Marker> action) {
        list(OLDER, Integer.MAX_VALUE, action);
        list(PENDING, Integer.MAX_VALUE, action);
    }

    /**
     * How many unfinished jobs the caller has, up to {@code atMost}: their own markers alone, a List Blobs call per
     * 5,000. Markers written before owners were in the name are not counted.
     */
    int count(String listedAs, int atMost) {
        int[] count = { 0 };
        list(PENDING + owner(listedAs) + "/", atMost, marker -> count[0]++);
        return count[0];
    }

    private void list(String prefix, int atMost, Consumer<Marker> action) {
        var options = new ListBlobsOptions().setPrefix(prefix).setDetails(new BlobListDetails().setRetrieveMetadata(true))
                .setMaxResultsPerPage(Math.min(5000, Math.max(1, atMost)));
        BlobContainer.call(() -> {
            container.client().listBlobs(options, container.timeout()).stream().limit(atMost).forEach(item -> {
                var metadata = item.getMetadata() == null ? Map.<String, String> of() : item.getMetadata();
                var created = Instant.parse(metadata.getOrDefault(CREATED, Instant.EPOCH.toString()));
                var name = item.getName();
                action.accept(new Marker(name, UUID.fromString(name.substring(name.lastIndexOf('/') + 1)), created,
                        metadata.containsKey(STARTS) ? Instant.parse(metadata.get(STARTS)) : created,
                        metadata.containsKey(QUEUED)));
            });
            return null;
        });
    }

    /** In the background: nobody waits for it, and a failure is harmless (expiry finds the record finished and removes it). */
    void remove(Job job) {
        removeLater(job.id(), () -> foundUnder(job, name -> container.delete(name, null) ? true : null));
    }

    /** A listed marker, in the background. */
    void remove(Marker marker) {
        removeLater(marker.id(), () -> container.delete(marker.name(), null));
    }

    private void removeLater(UUID id, Supplier<?> delete) {
        container.async(delete).exceptionally(e -> {
            Log.debugf("Could not remove the pending marker of job %s: %s", id, e.getMessage());
            return null;
        });
    }

    /**
     * The answer of {@code call} on the job's marker, trying the name without the owner when the owner's name is not
     * there (404, or a null answer): empty when neither is.
     */
    private <T> Optional<T> foundUnder(Job job, Function<String, T> call) {
        for (var name : List.of(marker(job), OLDER + job.id())) {
            try {
                var answer = call.apply(name);
                if (answer != null) {
                    return Optional.of(answer);
                }
            } catch (BlobStorageException e) {
                if (e.getStatusCode() != 404) {
                    throw e;
                }
            }
        }
        return Optional.empty();
    }

    private void upload(String name, Job job, JobMessage message) {
        container.blob(name).getBlockBlobClient().uploadWithResponse(
                new BlockBlobSimpleUploadOptions(BinaryData.fromBytes(documents.json(message))).setMetadata(metadata(job, false)),
                container.timeout(), Context.NONE);
    }

    private static Map<String, String> metadata(Job job, boolean queued) {
        var metadata = new HashMap<String, String>();
        metadata.put(CREATED, job.createdDateTime().toString());
        if (job.notBefore() != null) {
            metadata.put(STARTS, job.startsAt().toString());
        }
        if (queued) {
            metadata.put(QUEUED, "true");
        }
        return metadata;
    }

    private static String marker(Job job) {
        return PENDING + owner(Requester.listedAs(job.owner())) + "/" + job.id();
    }
}
