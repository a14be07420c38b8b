package io.github.asyncjobs.adapter.azure.blob;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.options.BlockBlobSimpleUploadOptions;

import io.github.asyncjobs.job.store.JobRecords.Backlog;

/**
 * The backlog sampled by one instance per interval for all of them. A sample lists every pending marker, (backlog /
 * 5,000) List Blobs calls, and every instance samples each {@code jobs.metrics.sample-interval}; so the figures are
 * kept in the metadata of one blob, {@code upkeep/backlog}, with when the next sample is due. An instance that finds
 * them due claims the next sample with a conditional write (If-Match: of several instances at once, one wins), lists
 * and writes the figures; the others, and every instance until the next is due, read them with one Get Blob
 * Properties. An instance that claimed and stopped before writing leaves the last figures, and the next claim comes
 * two intervals after its claim.
 */
final class BlobSharedBacklog {

    /** The blob the service keeps its figures in. */
    static final String NAME = "upkeep/backlog";
    private static final String NEXT = "next";
    private static final String UNFINISHED = "unfinished";
    private static final String OLDEST = "oldest";

    private final BlobContainer container;
    private final String name;
    private final Duration interval;
    private final Supplier<Backlog> listing;

    BlobSharedBacklog(BlobContainer container, String name, Duration interval, Supplier<Backlog> listing) {
        this.container = container;
        this.name = name;
        this.interval = interval;
        this.listing = listing;
    }

    Backlog get() {
        return BlobContainer.call(() -> {
            var now = Instant.now();
            var shared = read();
            var figures = shared.flatMap(BlobSharedBacklog::figures);
            boolean due = shared.map(s -> s.metadata().get(NEXT)).map(next -> !now.isBefore(Instant.parse(next))).orElse(true);
            if (!due) {
                // Another instance is sampling: its last figures, or, before there are any, a listing of our own.
                return figures.orElseGet(listing);
            }
            // Claimed for two intervals, so that a listing that takes longer than one is not claimed over.
            var claimed = write(metadata(now.plus(interval.multipliedBy(2)), figures), shared.map(Shared::etag));
            if (claimed.isEmpty()) {
                return figures.orElseGet(listing); // another instance claimed it first
            }
            var backlog = listing.get();
            // Due again one interval after the figures are written.
            write(metadata(Instant.now().plus(interval), Optional.of(backlog)), claimed);
            return backlog;
        });
    }

    private record Shared(String etag, Map<String, String> metadata) {
    }

    private Optional<Shared> read() {
        try {
            var properties = container.blob(name).getPropertiesWithResponse(null, container.timeout(), Context.NONE).getValue();
            return Optional.of(new Shared(properties.getETag(), properties.getMetadata()));
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The metadata written if the blob is still at {@code etag} (or, without one, does not exist yet): its new ETag. */
    private Optional<String> write(Map<String, String> metadata, Optional<String> etag) {
        var conditions = etag.map(e -> new BlobRequestConditions().setIfMatch(e))
                .orElseGet(() -> new BlobRequestConditions().setIfNoneMatch("*"));
        try {
            var blob = container.blob(name);
            return Optional.ofNullable(etag.isPresent()
                    ? blob.setMetadataWithResponse(metadata, conditions, container.timeout(), Context.NONE).getHeaders().getValue("ETag")
                    : blob.getBlockBlobClient().uploadWithResponse(new BlockBlobSimpleUploadOptions(BinaryData.fromBytes(new byte[0]))
                            .setMetadata(metadata).setRequestConditions(conditions), container.timeout(), Context.NONE).getValue().getETag());
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == 412 || e.getStatusCode() == 409) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static Map<String, String> metadata(Instant next, Optional<Backlog> figures) {
        var metadata = new HashMap<String, String>();
        metadata.put(NEXT, next.toString());
        figures.ifPresent(backlog -> {
            metadata.put(UNFINISHED, Long.toString(backlog.unfinished()));
            backlog.oldestStart().ifPresent(oldest -> metadata.put(OLDEST, oldest.toString()));
        });
        return metadata;
    }

    private static Optional<Backlog> figures(Shared shared) {
        var metadata = shared.metadata();
        if (!metadata.containsKey(UNFINISHED) || !metadata.containsKey(NEXT)) {
            return Optional.empty();
        }
        return Optional.of(new Backlog(Long.parseLong(metadata.get(UNFINISHED)),
                Optional.ofNullable(metadata.get(OLDEST)).map(Instant::parse)));
    }
}
