package io.github.asyncjobs.adapter.azure.blob;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Function;

import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.options.BlockBlobSimpleUploadOptions;

import io.github.asyncjobs.job.Job;
import io.github.asyncjobs.job.JobPage;
import io.github.asyncjobs.job.JobQuery;
import io.github.asyncjobs.job.JobTags;
import io.github.asyncjobs.job.Requester;
import io.github.asyncjobs.job.Sha256;

/**
 * The listing index: an empty blob per job, {@code owners-bucketed/<sha256 of the owner>/<bucket>/<inverted created
 * millis>-<id>}, with the job's type in its metadata. Blob Storage lists names in order, so each of an owner's
 * {@value #BUCKETS} buckets lists their jobs newest first, and a page merges the buckets' List Blobs pages
 * ({@link BlobMergedPages}); jobs accepted meanwhile (newer, so listed before it) never shift the pages still to come.
 * The buckets (by job id) spread one caller's accepts over four ranges of names instead of one, whose newest end would
 * take every write: Azure's guidance against sequential names, and one partition's rate (scale.md). One more Put Blob
 * per accepted job, before the record; the lifecycle rule that expires records expires these too. A tagged job has an
 * entry per tag as well, {@code tags-bucketed/<sha256 of the owner>/<sha256 of key:value>/<bucket>/...}: a listing by
 * tags reads the first tag's entries and checks the others on the records it reads anyway. An owner's job has an
 * entry in their tenant's listing as well, {@code tenants-bucketed/<sha256 of the tenant id>/<bucket>/...}, for a
 * manager's listing of every caller's jobs (the tags checked on the records). Entries that versions before the buckets
 * wrote ({@code owners/}, {@code tags/}, {@code tenants/} without a bucket) are read as one more range; new names have
 * prefixes of their own because older versions read every name under the old ones as a position (so they do not fail on
 * the new ones during an upgrade's overlap or after a rollback; they only do not list them).
 */
final class BlobJobIndex {

    private static final String TYPE = "type";
    /** Above any epoch millisecond of this era: subtracting from it sorts newer first, in 13 digits. */
    private static final long INVERT = 9_999_999_999_999L;

    /** How many ranges of names one caller's entries are spread over. */
    static final int BUCKETS = 4;

    /** A kind of listing: the prefix of its entries, and where versions before the buckets wrote them. */
    private record Listing(String bucketed, String older) {
    }

    private static final Listing OWNERS = new Listing("owners-bucketed/", "owners/");
    private static final Listing TAGS = new Listing("tags-bucketed/", "tags/");
    private static final Listing TENANTS = new Listing("tenants-bucketed/", "tenants/");

    private final BlobContainer container;
    private final BlobMergedPages pages;

    BlobJobIndex(BlobContainer container) {
        this.container = container;
        this.pages = new BlobMergedPages(container);
    }

    /** Writes the job's entries, on other threads. */
    CompletableFuture<Void> add(Job job) {
        return CompletableFuture.allOf(entries(job).stream().map(entry -> container.async(() -> {
            container.blob(entry).getBlockBlobClient().uploadWithResponse(
                    new BlockBlobSimpleUploadOptions(BinaryData.fromBytes(new byte[0])).setMetadata(Map.of(TYPE, job.type())),
                    container.timeout(), Context.NONE);
            return null;
        })).toArray(CompletableFuture[]::new));
    }

    /** Deletes the job's entries (absent already is fine). */
    void remove(Job job) {
        entries(job).forEach(entry -> container.delete(entry, null));
        // A job accepted before the buckets has its entries where that version wrote them.
        named(job, (listing, key) -> listing.older() + key + "/").forEach(entry -> container.delete(entry, null));
    }

    /**
     * One List Blobs page of the owner's entries, filtered by type and creation time from the listing alone, then by
     * status from the records, which the listing returns anyway; a page may so hold fewer jobs than its size, or none.
     */
    JobPage page(String owner, JobQuery query, Function<UUID, Optional<Job>> records) {
        return listed(query.tags().isEmpty() ? ranges(OWNERS, Sha256.hex(owner)) : ranges(TAGS, tagged(owner, query.tags().get(0))),
                query, records);
    }

    /** As {@link #page}, of every owner's jobs in the tenant; tags are checked on the records. */
    JobPage tenantPage(String tenantId, JobQuery query, Function<UUID, Optional<Job>> records) {
        return listed(ranges(TENANTS, Sha256.hex(tenantId)), query, records);
    }

    private JobPage listed(List<String> ranges, JobQuery query, Function<UUID, Optional<Job>> records) {
        var page = pages.page(ranges, query.pageSize(), query.continuation());
        var reads = new ArrayList<CompletableFuture<Optional<Job>>>();
        var older = false;
        for (var entry : page.entries()) {
            var position = entry.position();
            var created = Instant.ofEpochMilli(INVERT - Long.parseLong(position.substring(0, 13)));
            if (query.createdAfter().filter(created::isBefore).isPresent()) {
                older = true; // every entry after this one is older still
                break;
            }
            var type = entry.metadata().get(TYPE);
            if (query.createdBefore().map(created::isBefore).orElse(true) && query.type().map(t -> t.equals(type)).orElse(true)) {
                var id = UUID.fromString(position.substring(14));
                reads.add(container.async(() -> records.apply(id)));
            }
        }
        var jobs = reads.stream().map(CompletableFuture::join).flatMap(Optional::stream).filter(query::matches).toList();
        return new JobPage(jobs, older ? Optional.empty() : page.continuation());
    }

    private static List<String> entries(Job job) {
        return named(job, (listing, key) -> listing.bucketed() + key + "/" + bucket(job.id()) + "/");
    }

    /** The job's entry in each of its listings, in the range {@code range} names for a listing and its key. */
    private static List<String> named(Job job, BiFunction<Listing, String, String> range) {
        var owner = Requester.listedAs(job.owner());
        var position = String.format("%013d", INVERT - job.createdDateTime().toEpochMilli()) + "-" + job.id();
        var entries = new ArrayList<String>(List.of(range.apply(OWNERS, Sha256.hex(owner)) + position));
        job.tags().forEach((key, value) -> entries.add(range.apply(TAGS, tagged(owner, JobTags.term(key, value))) + position));
        if (job.owner() != null) {
            entries.add(range.apply(TENANTS, Sha256.hex(job.owner().tenantId())) + position);
        }
        return entries;
    }

    /** Spread by job id, which is random. */
    private static int bucket(UUID id) {
        return (int) Math.floorMod(id.getLeastSignificantBits(), (long) BUCKETS);
    }

    /** The ranges a listing merges: each bucket, then the one range of entries written before the buckets. */
    private static List<String> ranges(Listing listing, String key) {
        var ranges = new ArrayList<String>();
        for (int bucket = 0; bucket < BUCKETS; bucket++) {
            ranges.add(listing.bucketed() + key + "/" + bucket + "/");
        }
        ranges.add(listing.older() + key + "/");
        return ranges;
    }

    private static String tagged(String owner, String term) {
        return Sha256.hex(owner) + "/" + Sha256.hex(term);
    }
}
