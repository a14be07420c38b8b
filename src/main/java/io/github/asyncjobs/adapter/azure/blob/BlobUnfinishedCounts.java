package io.github.asyncjobs.adapter.azure.blob;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import com.azure.storage.blob.models.BlobListDetails;
import com.azure.storage.blob.models.ListBlobsOptions;

import io.github.asyncjobs.job.Job;
import io.github.asyncjobs.job.Requester;
import io.github.asyncjobs.job.Sha256;

/**
 * Each caller's unfinished jobs, for the per-caller limit, whichever instance accepted them: every unfinished job has
 * a pending marker, whose metadata names the job's owner (hashed), so one listing of the markers counts every
 * caller's at once. Listed again at most every {@code jobs.limits.count-refresh}, for all callers together.
 */
final class BlobUnfinishedCounts {

    static final String OWNER = "owner";

    private record Snapshot(Map<String, Integer> counts, Instant listedAt) {
    }

    private final BlobContainer container;
    private final Duration refresh;
    private volatile Snapshot snapshot = new Snapshot(Map.of(), Instant.EPOCH);

    BlobUnfinishedCounts(BlobContainer container, Duration refresh) {
        this.container = container;
        this.refresh = refresh;
    }

    /** The value of the marker's {@link #OWNER} metadata for {@code job}. */
    static String owner(Job job) {
        return Sha256.hex(Requester.listedAs(job.owner()));
    }

    int count(String listedAs, int atMost) {
        if (snapshot.listedAt().plus(refresh).isBefore(Instant.now())) {
            list();
        }
        return Math.min(atMost, snapshot.counts().getOrDefault(Sha256.hex(listedAs), 0));
    }

    private synchronized void list() {
        var started = Instant.now();
        if (!snapshot.listedAt().plus(refresh).isBefore(started)) {
            return; // another thread listed meanwhile
        }
        var counts = new HashMap<String, Integer>();
        var options = new ListBlobsOptions().setPrefix(BlobJobRecords.PENDING).setDetails(new BlobListDetails().setRetrieveMetadata(true));
        BlobContainer.call(() -> {
            container.client().listBlobs(options, container.timeout()).forEach(item -> {
                var owner = item.getMetadata() == null ? null : item.getMetadata().get(OWNER);
                if (owner != null) {
                    counts.merge(owner, 1, Integer::sum);
                }
            });
            return null;
        });
        snapshot = new Snapshot(Map.copyOf(counts), started);
    }
}
