package io.github.asyncjobs.adapter.azure.blob;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.azure.storage.blob.BlobContainerClient;

import io.github.asyncjobs.api.JobListingTest;
import io.github.asyncjobs.testing.Jobs;
import io.github.asyncjobs.testing.azure.AzureStorageProfile;
import io.github.asyncjobs.testing.azure.Azurite;
import io.github.asyncjobs.testing.azure.AzuriteResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The listing's contract on Blob Storage (Azurite), through its index of blobs per owner, spread over buckets. */
@QuarkusTest
@TestProfile(AzureStorageProfile.class)
class BlobJobListingTest extends JobListingTest {

    /**
     * An owner's entries in several buckets and in the one range a version before the buckets wrote list as one
     * sequence, newest first, page by page; jobs deleted between pages neither repeat nor hide the others.
     */
    @Test
    void bucketsAndOlderEntriesListAsOneSequenceAcrossDeletionsBetweenPages() {
        var since = Instant.now().toString();
        var submitted = new ArrayList<String>();
        for (int i = 0; i < 14; i++) {
            submitted.add(Jobs.submit("echo", Map.of("n", i)));
        }
        submitted.forEach(id -> Jobs.awaitStatus(id, "Succeeded"));
        var container = Azurite.container(AzuriteResource.endpoint(), AzuriteResource.container());
        var buckets = submitted.stream().map(id -> entryOf(container, id).split("/")[2]).distinct().count();
        assertThat(buckets).as("buckets the entries are in").isGreaterThan(1);
        for (var id : List.of(submitted.get(3), submitted.get(8), submitted.get(9))) {
            asWrittenBeforeTheBuckets(container, id);
        }
        var newestFirst = new ArrayList<>(submitted);
        Collections.reverse(newestFirst);

        var listed = new ArrayList<String>();
        var page = given().queryParam("createdAfter", since).queryParam("maxpagesize", 3).get("/api/jobs");
        page.then().statusCode(200);
        listed.addAll(page.jsonPath().getList("value.id"));
        assertThat(listed).as("the first page").isNotEmpty();
        // One job of the first page and one not listed yet are deleted before the next page is asked for.
        var notYetListed = newestFirst.get(listed.size() + 1);
        given().post("/api/jobs/" + listed.get(0) + ":purge").then().statusCode(204);
        given().post("/api/jobs/" + notYetListed + ":purge").then().statusCode(204);
        String next = page.jsonPath().getString("nextLink");
        while (next != null) {
            page = given().urlEncodingEnabled(false).get(next);
            page.then().statusCode(200);
            listed.addAll(page.jsonPath().getList("value.id"));
            next = page.jsonPath().getString("nextLink");
        }
        newestFirst.remove(notYetListed);
        assertThat(listed).as("newest first, each once").containsExactlyElementsOf(newestFirst);
    }

    private static String entryOf(BlobContainerClient container, String id) {
        return container.listBlobs().stream().map(item -> item.getName())
                .filter(name -> name.startsWith("owners-bucketed/") && name.endsWith(id)).findFirst().orElseThrow();
    }

    /** Moves the job's entry to where a version before the buckets wrote it: {@code owners/<owner digest>/<position>}. */
    private static void asWrittenBeforeTheBuckets(BlobContainerClient container, String id) {
        var entry = entryOf(container, id);
        var parts = entry.split("/");
        var bucketed = container.getBlobClient(entry);
        var older = container.getBlobClient("owners/" + parts[1] + "/" + parts[3]).getBlockBlobClient();
        older.upload(com.azure.core.util.BinaryData.fromBytes(new byte[0]), true);
        older.setMetadata(bucketed.getProperties().getMetadata());
        bucketed.delete();
    }
}
