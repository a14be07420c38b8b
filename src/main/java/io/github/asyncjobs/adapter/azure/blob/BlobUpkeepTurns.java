package io.github.asyncjobs.adapter.azure.blob;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.options.BlockBlobSimpleUploadOptions;

import io.github.asyncjobs.job.store.StoreUnavailableException;
import io.quarkus.logging.Log;

/**
 * A chore that every instance schedules and one instance at a time does, once per interval: listing every pending
 * marker is (pending / 5,000) List Blobs calls and the parsing of every name, which should not be paid once per
 * instance (the backlog sample, the outbox sweep, expiry). The turn lives in the
 * metadata of one blob per chore ({@code upkeep/<chore>}), with when the chore is next due and what it found last. An
 * instance that finds it due claims the turn with a conditional write (If-Match: of several instances at once, one
 * wins) for two intervals, so that a chore that takes longer than one is not claimed over; it ends the turn when done,
 * due again one interval after the claim, less a tenth: an instance's scheduler visits an interval after its last
 * visit's start, so a turn due an interval after its end would be skipped by its own claimer every other time, and the
 * chore done every two intervals. And never sooner than {@value #REST} times what the turn took after its claim: a
 * listing of a large backlog takes seconds of CPU on the instance whose turn it is, and so stays under a tenth of a
 * core whatever the backlog, at the price of fresher figures and sooner sweeps. An instance that claimed and stopped
 * leaves the chore to the next claim, two intervals after its own.
 */
final class BlobUpkeepTurns {

    private static final String NEXT = "next";
    /** How many times what a turn took it waits before the next, at least. */
    private static final int REST = 10;

    /** What the last turn found (the chore's metadata besides the turn's own), and the turn, when this instance has it. */
    record Visit(Map<String, String> found, Optional<Turn> turn) {
    }

    /** A claimed turn: the version of the blob it wrote, and when. */
    record Turn(String etag, Instant claimedAt) {
    }

    private final BlobContainer container;
    private final String name;
    private final Duration interval;
    private final Clock clock;

    BlobUpkeepTurns(BlobContainer container, String name, Duration interval) {
        this(container, name, interval, Clock.systemUTC());
    }

    BlobUpkeepTurns(BlobContainer container, String name, Duration interval, Clock clock) {
        this.container = container;
        this.name = name;
        this.interval = interval;
        this.clock = clock;
    }

    /** One Get Blob Properties, and one Set Blob Metadata when the chore is due: the turn, if this instance won it. */
    Visit visit() {
        return BlobContainer.call(() -> {
            var now = clock.instant();
            var shared = read();
            var found = new HashMap<>(shared.map(Shared::metadata).orElse(Map.of()));
            var next = found.remove(NEXT);
            if (next != null && now.isBefore(Instant.parse(next))) {
                return new Visit(found, Optional.empty());
            }
            var claimed = write(withNext(now.plus(interval.multipliedBy(2)), found), shared.map(Shared::etag));
            return new Visit(found, claimed.map(etag -> new Turn(etag, now)));
        });
    }

    /**
     * Does {@code chore} if this instance wins the turn, and ends the turn: due again at once when {@code moreToDo} says
     * so of its result, else after an interval.
     *
     * @return the chore's result, empty when the turn was not this instance's
     */
    <T> Optional<T> take(Supplier<T> chore, Predicate<T> moreToDo) {
        var turn = visit().turn();
        if (turn.isEmpty()) {
            return Optional.empty();
        }
        var result = chore.get();
        end(turn.get(), Map.of(), moreToDo.test(result) ? Duration.ZERO : interval);
        return Optional.of(result);
    }

    /**
     * Ends the turn with what the chore found: due again {@code after} (one interval, or none: more to do at once) from
     * the claim, less a tenth, or after {@value #REST} times what the turn took. A failure leaves the turn claimed
     * until two intervals after the claim, and loses nothing the chore did.
     */
    void end(Turn turn, Map<String, String> found, Duration after) {
        var rest = Duration.between(turn.claimedAt(), clock.instant()).multipliedBy(REST);
        var wait = after.minus(after.dividedBy(10));
        var next = turn.claimedAt().plus(after.isZero() || wait.compareTo(rest) >= 0 ? wait : rest);
        try {
            BlobContainer.call(() -> write(withNext(next, found), Optional.of(turn.etag())));
        } catch (StoreUnavailableException e) {
            Log.debugf("Could not end the turn of %s (the next claim comes two intervals after this one): %s", name, e.getMessage());
        }
    }

    Duration interval() {
        return interval;
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

    private static Map<String, String> withNext(Instant next, Map<String, String> found) {
        var metadata = new HashMap<>(found);
        metadata.put(NEXT, next.toString());
        return metadata;
    }
}
