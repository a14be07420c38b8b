package io.github.asyncjobs.adapter.azure.blob;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;

import com.azure.storage.blob.models.BlobListDetails;
import com.azure.storage.blob.models.ListBlobsOptions;

/**
 * One page of entries from several ranges of names at once, in the order of their names after each range's prefix (the
 * position: for the listing index, newest first). Writing one caller's entries into several ranges spreads them over
 * several partitions of the storage account instead of one hot end; reading merges the ranges' List Blobs pages.
 *
 * <p>The continuation holds the last position taken and, for each range, the List Blobs marker of the page it is in:
 * the next page lists those pages again and skips, by name, every entry up to that position (in every range: the merge
 * takes positions in order, so none left in any range comes before it). So entries added meanwhile (newer, so before
 * the position) or deleted neither repeat nor hide the ones still to come. A page stops early where a range runs out
 * of listed entries (its next ones are unknown until listed), so it may hold fewer entries than its size.
 */
final class BlobMergedPages {

    /** An entry: its name after its range's prefix, and its metadata. */
    record Entry(String position, Map<String, String> metadata) {
    }

    record Page(List<Entry> entries, Optional<String> continuation) {
    }

    /** Where a range is: the marker of its current page, null for its first. */
    private record Cursor(String marker) {
    }

    /** Where the listing is: the last position taken (null before the first page), and each range's cursor (null: done). */
    private record Position(String last, List<Cursor> cursors) {
    }

    /** A range's entries still to take from the page at {@code at}, and the marker of its next page (null: none). */
    private record Listed(Cursor at, List<Entry> entries, String next) {
    }

    private static final String DONE = "~";
    private static final int SKIPPING = 1000;
    private static final Cursor START = new Cursor(null);

    private final BlobContainer container;

    BlobMergedPages(BlobContainer container) {
        this.container = container;
    }

    /** @throws IllegalArgumentException when {@code continuation} is not one this listing of these ranges handed out */
    Page page(List<String> prefixes, int size, Optional<String> continuation) {
        var position = continuation.map(token -> parse(token, prefixes.size()))
                .orElseGet(() -> new Position(null, Collections.nCopies(prefixes.size(), START)));
        var listings = new ArrayList<CompletableFuture<Listed>>();
        for (int i = 0; i < prefixes.size(); i++) {
            var prefix = prefixes.get(i);
            var cursor = position.cursors().get(i);
            listings.add(cursor == null ? CompletableFuture.completedFuture(null)
                    : container.async(() -> list(prefix, size, cursor, position.last())));
        }
        List<Listed> listed;
        try {
            listed = listings.stream().map(CompletableFuture::join).toList();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e; // a StoreUnavailableException
        }
        var taken = new int[listed.size()];
        var entries = merged(listed, taken, size);
        var next = new ArrayList<Cursor>();
        for (int i = 0; i < listed.size(); i++) {
            next.add(after(listed.get(i), taken[i]));
        }
        var last = entries.isEmpty() ? position.last() : entries.get(entries.size() - 1).position();
        return new Page(entries, next.stream().allMatch(c -> c == null) ? Optional.empty() : Optional.of(format(new Position(last, next))));
    }

    /**
     * Up to {@code size} entries of the ranges in position order, counting in {@code taken} how many come from each;
     * up to where a range's listed entries run out while it has more pages (any of its next may come before the others').
     */
    private static List<Entry> merged(List<Listed> listed, int[] taken, int size) {
        var entries = new ArrayList<Entry>();
        while (entries.size() < size) {
            int first = -1;
            for (int i = 0; i < listed.size(); i++) {
                if (head(listed.get(i), taken[i]) != null
                        && (first < 0 || head(listed.get(i), taken[i]).position().compareTo(head(listed.get(first), taken[first]).position()) < 0)) {
                    first = i;
                }
            }
            if (first < 0) {
                return entries;
            }
            var range = listed.get(first);
            entries.add(range.entries().get(taken[first]++));
            if (taken[first] == range.entries().size() && range.next() != null) {
                return entries;
            }
        }
        return entries;
    }

    /** The range's next entry to take, if it has one listed. */
    private static Entry head(Listed range, int taken) {
        return range != null && taken < range.entries().size() ? range.entries().get(taken) : null;
    }

    /**
     * The range's entries after {@code last}: its pages from its cursor, until one has such entries or there are no more.
     * Pages past entries up to {@code last} (a range still at its first page, behind the jobs accepted since) are
     * listed {@value #SKIPPING} at a time, so that a small page size does not make that a call per few entries.
     */
    private Listed list(String prefix, int size, Cursor cursor, String last) {
        var options = new ListBlobsOptions().setPrefix(prefix).setMaxResultsPerPage(size)
                .setDetails(new BlobListDetails().setRetrieveMetadata(true));
        var at = cursor;
        while (true) {
            var page = container.client().listBlobs(options, at.marker(), container.timeout()).iterableByPage().iterator().next();
            options.setMaxResultsPerPage(Math.max(size, SKIPPING));
            var entries = page.getValue().stream()
                    .map(item -> new Entry(item.getName().substring(prefix.length()), item.getMetadata() == null ? Map.of() : item.getMetadata()))
                    .filter(entry -> last == null || entry.position().compareTo(last) > 0)
                    .toList();
            if (!entries.isEmpty() || page.getContinuationToken() == null) {
                return new Listed(at, entries, page.getContinuationToken());
            }
            at = new Cursor(page.getContinuationToken());
        }
    }

    /** Where a range stands once {@code taken} of its listed entries are on the page: null when it has no more. */
    private static Cursor after(Listed range, int taken) {
        if (range == null) {
            return null;
        }
        if (taken == range.entries().size()) {
            return range.next() == null ? null : new Cursor(range.next());
        }
        return range.at();
    }

    /** The last position, then each range's marker: base64url (empty for none), or {@value #DONE}; comma-separated. */
    private static String format(Position position) {
        return encode(position.last()) + "," + position.cursors().stream().map(c -> c == null ? DONE : encode(c.marker()))
                .collect(Collectors.joining(","));
    }

    private static Position parse(String token, int ranges) {
        var parts = token.split(",", -1);
        if (parts.length != ranges + 1) {
            throw new IllegalArgumentException("Not a continuation of this listing");
        }
        var cursors = new ArrayList<Cursor>();
        for (int i = 1; i < parts.length; i++) {
            cursors.add(parts[i].equals(DONE) ? null : new Cursor(decode(parts[i])));
        }
        return new Position(decode(parts[0]), cursors);
    }

    private static String encode(String value) {
        return value == null ? "" : Base64.getUrlEncoder().withoutPadding().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }

    /** @throws IllegalArgumentException when not base64url */
    private static String decode(String value) {
        return value.isEmpty() ? null : new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8);
    }
}
