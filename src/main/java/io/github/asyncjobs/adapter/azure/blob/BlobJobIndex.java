package io.github.asyncjobs.adapter.azure.blob;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.models.BlobListDetails;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.options.BlockBlobSimpleUploadOptions;

import io.github.asyncjobs.job.Job;
import io.github.asyncjobs.job.JobPage;
import io.github.asyncjobs.job.JobQuery;
import io.github.asyncjobs.job.JobTags;
import io.github.asyncjobs.job.Requester;
import io.github.asyncjobs.job.Sha256;

/**
 * The listing index: an empty blob per job, {@code owners/<sha256 of the owner>/<inverted created millis>-<id>}, with
 * the job's type in its metadata. Blob Storage lists names in order, so an owner's prefix lists their jobs newest first,
 * a page per List Blobs call; the page's continuation token is the listing's own, and jobs accepted meanwhile (newer,
 * so listed before it) never shift the pages still to come. One more Put Blob per accepted job, in parallel with the
 * record; the lifecycle rule that expires records expires these too. A tagged job has an entry per tag as well,
 * {@code tags/<sha256 of the owner>/<sha256 of key:value>/<inverted created millis>-<id>}: a listing by tags reads the
 * first tag's entries and checks the others on the records it reads anyway. An owner's job has an entry in their tenant's
 * listing as well, {@code tenants/<sha256 of the tenant id>/<inverted created millis>-<id>}, for a manager's listing of
 * every caller's jobs (the tags checked on the records).
 */
final class BlobJobIndex {

    private static final String TYPE = "type";
    /** Above any epoch millisecond of this era: subtracting from it sorts newer first, in 13 digits. */
    private static final long INVERT = 9_999_999_999_999L;

    private final BlobContainer container;

    BlobJobIndex(BlobContainer container) {
        this.container = container;
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
    }

    /**
     * One List Blobs page of the owner's entries, filtered by type and creation time from the listing alone, then by
     * status from the records, which the listing returns anyway; a page may so hold fewer jobs than its size, or none.
     */
    JobPage page(String owner, JobQuery query, Function<UUID, Optional<Job>> records) {
        return listed(query.tags().isEmpty() ? prefix(owner) : tagPrefix(owner, query.tags().get(0)), query, records);
    }

    /** As {@link #page}, of every owner's jobs in the tenant; tags are checked on the records. */
    JobPage tenantPage(String tenantId, JobQuery query, Function<UUID, Optional<Job>> records) {
        return listed(tenantPrefix(tenantId), query, records);
    }

    private JobPage listed(String prefix, JobQuery query, Function<UUID, Optional<Job>> records) {
        var options = new ListBlobsOptions().setPrefix(prefix).setMaxResultsPerPage(query.pageSize())
                .setDetails(new BlobListDetails().setRetrieveMetadata(true));
        var page = BlobContainer.call(() -> container.client().listBlobs(options, query.continuation().orElse(null), container.timeout())
                .iterableByPage().iterator().next());
        var reads = new ArrayList<CompletableFuture<Optional<Job>>>();
        var older = false;
        for (var item : page.getValue()) {
            var name = item.getName().substring(prefix.length());
            var created = Instant.ofEpochMilli(INVERT - Long.parseLong(name.substring(0, 13)));
            if (query.createdAfter().filter(created::isBefore).isPresent()) {
                older = true; // every entry after this one is older still
                break;
            }
            var type = item.getMetadata() == null ? null : item.getMetadata().get(TYPE);
            if (query.createdBefore().map(created::isBefore).orElse(true) && query.type().map(t -> t.equals(type)).orElse(true)) {
                var id = UUID.fromString(name.substring(14));
                reads.add(container.async(() -> records.apply(id)));
            }
        }
        var jobs = reads.stream().map(CompletableFuture::join).flatMap(Optional::stream).filter(query::matches).toList();
        var next = older ? Optional.<String>empty() : Optional.ofNullable(page.getContinuationToken());
        return new JobPage(jobs, next);
    }

    private static List<String> entries(Job job) {
        var owner = Requester.listedAs(job.owner());
        var position = String.format("%013d", INVERT - job.createdDateTime().toEpochMilli()) + "-" + job.id();
        var entries = new ArrayList<String>(List.of(prefix(owner) + position));
        job.tags().forEach((key, value) -> entries.add(tagPrefix(owner, JobTags.term(key, value)) + position));
        if (job.owner() != null) {
            entries.add(tenantPrefix(job.owner().tenantId()) + position);
        }
        return entries;
    }

    private static String prefix(String owner) {
        return "owners/" + Sha256.hex(owner) + "/";
    }

    private static String tenantPrefix(String tenantId) {
        return "tenants/" + Sha256.hex(tenantId) + "/";
    }

    private static String tagPrefix(String owner, String term) {
        return "tags/" + Sha256.hex(owner) + "/" + Sha256.hex(term) + "/";
    }
}
