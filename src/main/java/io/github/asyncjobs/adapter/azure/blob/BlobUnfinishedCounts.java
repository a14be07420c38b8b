package io.github.asyncjobs.adapter.azure.blob;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Each caller's unfinished jobs, for the per-caller limit, whichever instance accepted them: one listing of the
 * pending markers, which name their job's owner, counts every caller's at once. Listed again at most every
 * {@code jobs.limits.count-refresh}, for all callers together.
 */
final class BlobUnfinishedCounts {

    private record Snapshot(Map<String, Integer> counts, Instant listedAt) {
    }

    private final BlobPendingMarkers markers;
    private final Duration refresh;
    private volatile Snapshot snapshot = new Snapshot(Map.of(), Instant.EPOCH);

    BlobUnfinishedCounts(BlobPendingMarkers markers, Duration refresh) {
        this.markers = markers;
        this.refresh = refresh;
    }

    int count(String listedAs, int atMost) {
        if (snapshot.listedAt().plus(refresh).isBefore(Instant.now())) {
            list();
        }
        return Math.min(atMost, snapshot.counts().getOrDefault(BlobPendingMarkers.owner(listedAs), 0));
    }

    private synchronized void list() {
        var started = Instant.now();
        if (!snapshot.listedAt().plus(refresh).isBefore(started)) {
            return; // another thread listed meanwhile
        }
        var counts = new HashMap<String, Integer>();
        markers.forEach(marker -> {
            if (marker.owner() != null) {
                counts.merge(marker.owner(), 1, Integer::sum);
            }
        });
        snapshot = new Snapshot(Map.copyOf(counts), started);
    }
}
