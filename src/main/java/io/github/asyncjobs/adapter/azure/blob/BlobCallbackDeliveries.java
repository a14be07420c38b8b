package io.github.asyncjobs.adapter.azure.blob;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.ListBlobsOptions;

import io.github.asyncjobs.job.callback.CallbackDeliveries;
import io.github.asyncjobs.job.callback.CallbackDelivery;
import io.github.asyncjobs.job.store.StoreUnavailableException;
import io.quarkus.logging.Log;

/**
 * Completion notifications' delivery state in Blob Storage. {@code callbacks/<job id>.json} holds the state and is
 * replaced under its ETag, only if it still is what the writer read. {@code pending-callbacks/<job id>}, an empty
 * marker, exists while the delivery is Pending, so that the dispatcher lists the deliveries still to be made, never the
 * history. The state is written before the marker, so a marker always has its state; the marker goes once the delivery
 * was made or given up (if that delete fails, the marker is listed, read and skipped until the lifecycle rule removes it).
 */
public final class BlobCallbackDeliveries implements CallbackDeliveries {

    private static final String MARKERS = "pending-callbacks/";

    private final BlobContainer container;
    private final BlobDocuments documents;

    BlobCallbackDeliveries(BlobContainer container, BlobDocuments documents) {
        this.container = container;
        this.documents = documents;
    }

    @Override
    public void create(CallbackDelivery delivery) {
        documents.write(state(delivery.jobId()), delivery, new BlobRequestConditions().setIfNoneMatch("*"));
        container.write(marker(delivery.jobId()), new byte[0], null, null);
    }

    @Override
    public Optional<CallbackDelivery> find(UUID jobId) {
        return container.read(state(jobId)).map(blob -> documents.parse(blob, CallbackDelivery.class));
    }

    @Override
    public boolean replace(CallbackDelivery current, CallbackDelivery next) {
        var replaced = documents.replace(state(current.jobId()), current, next);
        if (replaced && !next.isPending()) {
            try {
                container.delete(marker(next.jobId()), null);
            } catch (StoreUnavailableException e) {
                Log.debugf("Could not remove the pending-callback marker of job %s: %s", next.jobId(), e.getMessage());
            }
        }
        return replaced;
    }

    @Override
    public void delete(UUID jobId) {
        container.delete(marker(jobId), null);
        container.delete(state(jobId), null);
    }

    /** From the markers alone (one list call per 5,000): whether each is due, the dispatcher reads for itself. */
    @Override
    public List<UUID> pending(Instant now, int limit) {
        var ids = new ArrayList<UUID>();
        BlobContainer.call(() -> {
            for (var item : container.client().listBlobs(new ListBlobsOptions().setPrefix(MARKERS), container.timeout())) {
                if (ids.size() == limit) {
                    break;
                }
                ids.add(UUID.fromString(item.getName().substring(MARKERS.length())));
            }
            return null;
        });
        return ids;
    }

    private static String state(UUID jobId) {
        return "callbacks/" + jobId + ".json";
    }

    private static String marker(UUID jobId) {
        return MARKERS + jobId;
    }
}
