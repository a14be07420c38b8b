package io.github.asyncjobs.adapter.azure.blob;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import io.github.asyncjobs.job.store.JobRecords.Backlog;

/**
 * The backlog sampled by one instance per interval for all of them ({@link BlobUpkeepTurns}, {@code upkeep/backlog}):
 * a sample lists every pending marker, and every instance samples each {@code jobs.metrics.sample-interval}. The
 * figures are kept in the turn's metadata; the instances whose turn it is not read them with one request.
 */
final class BlobSharedBacklog {

    /** The blob the service keeps its figures in. */
    static final String NAME = "upkeep/backlog";
    private static final String UNFINISHED = "unfinished";
    private static final String OLDEST = "oldest";

    private final BlobUpkeepTurns turns;
    private final Supplier<Backlog> listing;

    BlobSharedBacklog(BlobUpkeepTurns turns, Supplier<Backlog> listing) {
        this.turns = turns;
        this.listing = listing;
    }

    Backlog get() {
        var visit = turns.visit();
        var figures = figures(visit.found());
        if (visit.turn().isEmpty()) {
            // Another instance is sampling: its last figures, or, before there are any, a listing of our own.
            return figures.orElseGet(listing);
        }
        var backlog = listing.get();
        turns.end(visit.turn().get(), found(backlog), turns.interval());
        return backlog;
    }

    private static Map<String, String> found(Backlog backlog) {
        var metadata = new HashMap<String, String>();
        metadata.put(UNFINISHED, Long.toString(backlog.unfinished()));
        backlog.oldestStart().ifPresent(oldest -> metadata.put(OLDEST, oldest.toString()));
        return metadata;
    }

    private static Optional<Backlog> figures(Map<String, String> found) {
        if (!found.containsKey(UNFINISHED)) {
            return Optional.empty();
        }
        return Optional.of(new Backlog(Long.parseLong(found.get(UNFINISHED)),
                Optional.ofNullable(found.get(OLDEST)).map(Instant::parse)));
    }
}
