package io.github.asyncjobs.adapter.azure.blob;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import com.azure.storage.blob.models.ListBlobsOptions;

import io.github.asyncjobs.job.activity.ActivityShare;
import io.github.asyncjobs.job.activity.InstanceActivity;

/**
 * Each instance's last hour as one JSON blob, {@code activity/<instance>}, rewritten each share interval: one Put
 * Blob per instance per interval, whatever the load. Reading lists the prefix and reads the blobs written within the
 * hour, in parallel. A stopped instance's blob ages out of the hour, and the lifecycle rule deletes it.
 */
final class BlobActivityShare implements ActivityShare {

    private static final String PREFIX = "activity/";

    private final BlobContainer container;
    private final BlobDocuments documents;

    BlobActivityShare(BlobContainer container, BlobDocuments documents) {
        this.container = container;
        this.documents = documents;
    }

    @Override
    public void publish(InstanceActivity activity) {
        documents.write(PREFIX + activity.instance(), activity, null);
    }

    @Override
    public List<InstanceActivity> read(Instant since) {
        var names = BlobContainer.call(() -> container.client().listBlobs(new ListBlobsOptions().setPrefix(PREFIX), container.timeout())
                .stream().filter(item -> !item.getProperties().getLastModified().toInstant().isBefore(since))
                .map(item -> item.getName()).toList());
        var reads = names.stream().map(name -> container.async(() -> container.read(name)
                .map(blob -> documents.parse(blob, InstanceActivity.class)))).toList();
        return reads.stream().map(CompletableFuture::join).flatMap(Optional::stream).toList();
    }
}
