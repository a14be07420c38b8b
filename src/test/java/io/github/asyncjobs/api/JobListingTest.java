package io.github.asyncjobs.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.asyncjobs.testing.Jobs;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * GET /api/jobs: newest first, filtered, a page at a time through nextLink, stable while jobs are added; on the
 * embedded store here, on Blob Storage in {@code BlobJobListingTest}.
 */
@QuarkusTest
public class JobListingTest {

    @Test
    public void listsJobsNewestFirstAndFollowsNextLinkToTheEndWithoutGapsOrRepeats() {
        var type = "test-flaky";
        var since = Instant.now().toString();
        var submitted = new ArrayList<String>();
        for (int i = 0; i < 5; i++) {
            submitted.add(Jobs.submit(type, Map.of("failures", 0)));
        }
        var listed = new ArrayList<String>();
        var page = given().queryParam("type", type).queryParam("createdAfter", since).queryParam("maxpagesize", 2)
                .get("/api/jobs");
        var pages = 0;
        while (true) {
            page.then().statusCode(200).header("Cache-Control", "no-store");
            listed.addAll(page.jsonPath().getList("value.id"));
            pages++;
            // Jobs accepted between pages are newer: they never shift the pages still to come.
            Jobs.submit(type, Map.of("failures", 0));
            String next = page.jsonPath().getString("nextLink");
            if (next == null) {
                break;
            }
            assertThat(next).startsWith("http://localhost:").contains("maxpagesize=2", "skipToken=", "type=test-flaky");
            page = given().urlEncodingEnabled(false).get(next);
        }
        assertThat(listed).as("newest first, each once").containsExactlyElementsOf(reversed(submitted));
        assertThat(pages).isGreaterThanOrEqualTo(3);
    }

    @Test
    public void filtersByStatusTypeAndCreationTime() {
        var before = Instant.now().toString();
        var succeeded = Jobs.submit("echo", Map.of("list", "ok"));
        var failed = Jobs.submit("test-flaky", Map.of("permanent", true));
        Jobs.awaitStatus(succeeded, "Succeeded");
        Jobs.awaitStatus(failed, "Failed");
        var after = Instant.now().plusSeconds(1).toString();

        listed(Map.of("status", "Failed", "createdAfter", before)).then().body("value.id", containsInAnyOrder(failed))
                .body("value[0].error.code", equalTo("BadData")).body("nextLink", nullValue());
        listed(Map.of("status", "Succeeded,Failed", "createdAfter", before, "type", "echo")).then()
                .body("value.id", containsInAnyOrder(succeeded)).body("value[0].resourceLocation", org.hamcrest.Matchers.startsWith("http"));
        listed(Map.of("createdAfter", before, "createdBefore", after)).then().body("value.id", hasItem(succeeded))
                .body("value.id", hasItem(failed));
        listed(Map.of("createdAfter", after)).then().body("value", org.hamcrest.Matchers.empty());
    }

    @Test
    public void filtersByEveryTagAskedForPageByPage() {
        var run = java.util.UUID.randomUUID().toString();
        var blue = new ArrayList<String>();
        var all = new ArrayList<String>();
        for (int i = 0; i < 3; i++) {
            var id = tagged(Map.of("run", run, "team", "blue"));
            blue.add(id);
            all.add(id);
        }
        all.add(tagged(Map.of("run", run, "team", "red")));
        tagged(Map.of("run", "another", "team", "blue"));

        assertThat(allPages(given().queryParam("tag", "run:" + run).queryParam("maxpagesize", 2).get("/api/jobs")))
                .containsExactlyElementsOf(reversed(all));
        assertThat(allPages(given().queryParam("tag", "team:blue", "run:" + run).queryParam("maxpagesize", 1).get("/api/jobs")))
                .containsExactlyElementsOf(reversed(blue));
        listed(Map.of("tag", "run:" + run + "x")).then().statusCode(200).body("value", org.hamcrest.Matchers.empty());
        Jobs.monitor(blue.get(0)).then().body("tags.run", equalTo(run)).body("tags.team", equalTo("blue"));
    }

    @Test
    public void badParametersAre400NamingEachParameter() {
        given().queryParam("tag", "no-colon", "bad key:x").get("/api/jobs").then().statusCode(400)
                .body("errors.parameter", containsInAnyOrder("tag", "tag"));
        var response = given().queryParam("status", "Running,Done").queryParam("createdAfter", "yesterday")
                .queryParam("maxpagesize", "1000").queryParam("type", " ").get("/api/jobs");
        response.then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("errors.parameter", containsInAnyOrder("status", "createdAfter", "maxpagesize", "type"));
        given().queryParam("createdAfter", "2026-01-02T00:00:00Z").queryParam("createdBefore", "2026-01-01T00:00:00Z")
                .get("/api/jobs").then().statusCode(400).body("errors.parameter", containsInAnyOrder("createdBefore"));
        // Not base64; base64 of "not-a-token" without and with a wrong check digest.
        for (var token : List.of("!!!", "bm90LWEtdG9rZW4", "bm90LWEtdG9rZW4.0123456789abcdef")) {
            given().queryParam("skipToken", token).get("/api/jobs").then().statusCode(400)
                    .body("errors.parameter", containsInAnyOrder("skipToken"));
        }
    }

    private static String tagged(Map<String, String> tags) {
        return given().contentType(io.restassured.http.ContentType.JSON).body(Map.of("type", "echo", "input", Map.of(), "tags", tags))
                .post("/api/jobs").then().statusCode(202).body("tags", equalTo(tags)).extract().path("id");
    }

    /** The ids of every page, following nextLink, which must carry the filters on. */
    private static List<String> allPages(Response page) {
        var ids = new ArrayList<String>();
        while (true) {
            page.then().statusCode(200);
            ids.addAll(page.jsonPath().getList("value.id"));
            String next = page.jsonPath().getString("nextLink");
            if (next == null) {
                return ids;
            }
            assertThat(next).contains("tag=");
            page = given().urlEncodingEnabled(false).get(next);
        }
    }

    private static List<String> reversed(List<String> list) {
        var copy = new ArrayList<>(list);
        java.util.Collections.reverse(copy);
        return copy;
    }

    private static Response listed(Map<String, String> parameters) {
        return given().queryParams(parameters).get("/api/jobs");
    }
}
