package io.github.asyncjobs.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.github.asyncjobs.job.store.IdempotencyClaim;
import io.github.asyncjobs.job.store.JobRecords;
import io.github.asyncjobs.testing.FlakyHandler;
import io.github.asyncjobs.testing.Jobs;
import io.github.asyncjobs.testing.Metrics;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/** POST /api/jobs: accepting a job, and every way of refusing one. */
@QuarkusTest
class JobSubmissionTest {

    @Inject
    JobRecords records;

    private static final String CLASSIC = "{\"type\": \"echo\", \"input\": {\"id\": \"1234\", \"customername\": \"Contoso\"}}";

    @Test
    void acceptsAJobWith202LocationOperationLocationAndRetryAfter() {
        var response = given().contentType(ContentType.JSON).body(CLASSIC)
                .when().post("/api/jobs")
                .then().statusCode(202)
                .contentType(ContentType.JSON)
                .header("Retry-After", matchesPattern("[1-9][0-9]*"))
                .header("Cache-Control", "no-store")
                .body("status", equalTo("NotStarted"))
                .body("type", equalTo("echo"))
                .body("createdDateTime", notNullValue())
                .body("lastUpdatedDateTime", notNullValue())
                .body("resourceLocation", nullValue())
                .body("error", nullValue())
                .extract();
        var id = response.<String> path("id");
        assertThat(UUID.fromString(id)).isNotNull();
        assertThat(response.header("Location")).startsWith("http://localhost:").endsWith("/api/jobs/" + id + "/status");
        assertThat(response.header("Operation-Location")).startsWith("http://localhost:").endsWith("/api/jobs/" + id);
    }

    @Test
    void honoursForwardedHostAndProtoInAbsoluteUrls() {
        given().contentType(ContentType.JSON).body(CLASSIC)
                .header("X-Forwarded-Proto", "https")
                .header("X-Forwarded-Host", "jobs.example.com")
                .when().post("/api/jobs")
                .then().statusCode(202)
                .header("Location", startsWith("https://jobs.example.com/api/jobs/"))
                .header("Operation-Location", startsWith("https://jobs.example.com/api/jobs/"));
    }

    @Test
    void refusesABodyThatIsNotJson() {
        given().contentType(ContentType.JSON).body("{\"type\": \"echo\", ")
                .when().post("/api/jobs")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:async-jobs:problem:invalid-request"))
                .body("title", notNullValue())
                .body("status", equalTo(400))
                .body("detail", containsString("not valid JSON"))
                .body("errors[0].pointer", equalTo(""));
    }

    @Test
    void refusesABodyThatIsNotAnObject() {
        given().contentType(ContentType.JSON).body("[1, 2]")
                .when().post("/api/jobs")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("must be a JSON object"));
    }

    @Test
    void refusesARequestWithoutType() {
        given().contentType(ContentType.JSON).body("{\"input\": {}}")
                .when().post("/api/jobs")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].pointer", equalTo("/type"));
    }

    @Test
    void refusesAnUnknownTopLevelMemberNamingItAndMakesNoJob() {
        long accepted = Metrics.sum("jobs_accepted_total{");
        given().contentType(ContentType.JSON)
                .body("{\"type\": \"echo\", \"input\": {}, \"calback\": {\"url\": \"https://example.com/\"}}")
                .when().post("/api/jobs")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("calback"))
                .body("errors[0].pointer", equalTo("/calback"))
                .body("errors[0].message", containsString("callback, input, notBefore, tags, type"));
        given().contentType(ContentType.JSON).body("{\"type\": \"echo\", \"input\": {}, \"a/b\": 1}")
                .when().post("/api/jobs")
                .then().statusCode(400)
                .body("errors[0].pointer", equalTo("/a~1b"));
        assertThat(Metrics.sum("jobs_accepted_total{")).as("jobs accepted").isEqualTo(accepted);
    }

    @Test
    void refusesBadTagsEachAtItsPointerAndMakesNoJob() {
        long accepted = Metrics.sum("jobs_accepted_total{");
        var tags = new java.util.LinkedHashMap<String, Object>();
        tags.put("bad key", "x");
        tags.put("count", 3);
        tags.put("long", "v".repeat(257));
        tags.put("a/b", "ok but the key is not");
        given().contentType(ContentType.JSON).body(Map.of("type", "echo", "input", Map.of(), "tags", tags))
                .when().post("/api/jobs")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.pointer", org.hamcrest.Matchers.containsInAnyOrder("/tags/bad key", "/tags/count", "/tags/long", "/tags/a~1b"));
        var eleven = new java.util.HashMap<String, String>();
        java.util.stream.IntStream.range(0, 11).forEach(i -> eleven.put("k" + i, "v"));
        given().contentType(ContentType.JSON).body(Map.of("type", "echo", "input", Map.of(), "tags", eleven))
                .when().post("/api/jobs").then().statusCode(400).body("errors[0].pointer", equalTo("/tags"));
        given().contentType(ContentType.JSON).body("{\"type\": \"echo\", \"input\": {}, \"tags\": [\"a\"]}")
                .when().post("/api/jobs").then().statusCode(400).body("errors[0].pointer", equalTo("/tags"));
        assertThat(Metrics.sum("jobs_accepted_total{")).as("jobs accepted").isEqualTo(accepted);
    }

    @Test
    void refusesAnUnknownTypeAndListsTheKnownOnes() {
        given().contentType(ContentType.JSON).body("{\"type\": \"teleport\", \"input\": {}}")
                .when().post("/api/jobs")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("Unknown job type 'teleport'"))
                .body("detail", containsString("echo"))
                .body("detail", containsString("sales-report"))
                .body("errors[0].pointer", equalTo("/type"));
    }

    @Test
    void refusesAMissingInput() {
        given().contentType(ContentType.JSON).body("{\"type\": \"echo\"}")
                .when().post("/api/jobs")
                .then().statusCode(400)
                .body("errors[0].pointer", equalTo("/input"));
    }

    @Test
    void refusesAnEchoInputThatIsNotAnObject() {
        given().contentType(ContentType.JSON).body("{\"type\": \"echo\", \"input\": [1]}")
                .when().post("/api/jobs")
                .then().statusCode(400)
                .body("errors[0].pointer", equalTo("/input"))
                .body("errors[0].message", equalTo("must be an object"));
    }

    @Test
    void refusesABodyLargerThanTheLimitWith413() {
        var big = "{\"type\": \"echo\", \"input\": {\"pad\": \"" + "x".repeat(256 * 1024) + "\"}}";
        given().contentType(ContentType.JSON).body(big)
                .when().post("/api/jobs")
                .then().statusCode(413)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:async-jobs:problem:request-too-large"));
    }

    @Test
    void acceptsABodyJustUnderTheLimit() {
        var envelope = "{\"type\": \"echo\", \"input\": {\"pad\": \"\"}}";
        var body = "{\"type\": \"echo\", \"input\": {\"pad\": \"" + "x".repeat(256 * 1024 - envelope.length()) + "\"}}";
        assertThat(body.length()).isEqualTo(256 * 1024);
        given().contentType(ContentType.JSON).body(body).when().post("/api/jobs").then().statusCode(202);
    }

    @Test
    void refusesANonJsonContentTypeWith415() {
        given().contentType(ContentType.TEXT).body(CLASSIC)
                .when().post("/api/jobs")
                .then().statusCode(415)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:async-jobs:problem:unsupported-media-type"));
    }

    @Test
    void sameIdempotencyKeyAndBodyGivesTheSameJobAndRunsItOnce() {
        var key = "order-" + UUID.randomUUID();
        var body = Map.of("type", "test-flaky", "input", Map.of("failures", 0));
        String first = given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(body)
                .when().post("/api/jobs").then().statusCode(202).extract().path("id");
        Jobs.awaitStatus(first, "Succeeded");
        given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(body)
                .when().post("/api/jobs")
                .then().statusCode(202)
                .body("id", equalTo(first))
                .body("status", equalTo("Succeeded"))
                .header("Location", endsWith("/api/jobs/" + first + "/status"));
        assertThat(FlakyHandler.runs(UUID.fromString(first))).isEqualTo(1);
    }

    @Test
    void trailingGarbageASecondDocumentOrANulAfterTheJsonIs400() {
        for (var body : List.of(CLASSIC + "gar", CLASSIC + "//x", CLASSIC + " " + CLASSIC, CLASSIC + "\u0000")) {
            given().contentType(ContentType.JSON).body(body).post("/api/jobs")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("type", equalTo("urn:async-jobs:problem:invalid-request"));
        }
    }

    @Test
    void numbersBeyondADoublesRangeAre400WithTheirPointer() {
        for (var number : List.of("1e400", "-1e400", "1e-400", "1e4000000", "1" + "0".repeat(400))) {
            given().contentType(ContentType.JSON).body("{\"type\": \"echo\", \"input\": {\"n\": [1, " + number + "]}}")
                    .post("/api/jobs")
                    .then().statusCode(400)
                    .body("errors[0].pointer", equalTo("/input/n/1"));
        }
    }

    @Test
    void decimalsKeepEveryDigitOnTheWayToTheHandler() {
        String id = given().contentType(ContentType.JSON).body("{\"type\": \"echo\", \"input\": {\"price\": 12345678901234567890.12}}")
                .post("/api/jobs").then().statusCode(202).extract().path("id");
        Jobs.awaitStatus(id, "Succeeded");
        String result = given().urlEncodingEnabled(false).get(Jobs.monitor(id).then().extract().<String> path("resourceLocation"))
                .then().statusCode(200).extract().asString();
        assertThat(result).contains("12345678901234567890.12");
    }

    @Test
    void aBodyNotDeclaredAsJsonIs415() throws Exception {
        var http = HttpClient.newHttpClient();
        var uri = URI.create("http://localhost:" + RestAssured.port + "/api/jobs");
        var none = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(CLASSIC)).build();
        assertThat(http.send(none, HttpResponse.BodyHandlers.ofString()).statusCode()).as("no Content-Type").isEqualTo(415);
        for (var type : List.of("*/*", "application/*", "text/plain")) {
            var request = HttpRequest.newBuilder(uri).header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofString(CLASSIC)).build();
            assertThat(http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).as(type).isEqualTo(415);
        }
    }

    @Test
    void malformedForwardedHeadersAre400AndMakeNoJob() {
        long accepted = Metrics.sum("jobs_accepted_total{");
        for (var header : List.of(Map.of("X-Forwarded-Host", "[::1"), Map.of("X-Forwarded-Host", "[zz"),
                Map.of("X-Forwarded-Proto", "java script"), Map.of("X-Forwarded-Proto", "%41"))) {
            given().contentType(ContentType.JSON).headers(header).body(CLASSIC).post("/api/jobs")
                    .then().statusCode(400).contentType("application/problem+json");
        }
        assertThat(Metrics.sum("jobs_accepted_total{")).as("jobs accepted").isEqualTo(accepted);
    }

    @Test
    void aKeyOlderThanItsTimeToLiveMakesANewJob() {
        var key = "expired-" + UUID.randomUUID();
        var expired = new IdempotencyClaim(key, UUID.randomUUID(), "another request", Instant.now().minus(Duration.ofHours(25)));
        assertThat(records.claim(expired)).isEmpty();
        String id = given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(CLASSIC)
                .post("/api/jobs").then().statusCode(202).extract().path("id");
        assertThat(id).isNotEqualTo(expired.jobId().toString());
        given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(CLASSIC)
                .post("/api/jobs").then().statusCode(202).body("id", equalTo(id));
    }

    @Test
    void sameIdempotencyKeyWithADifferentBodyIs422() {
        var key = "order-" + UUID.randomUUID();
        given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(CLASSIC)
                .when().post("/api/jobs").then().statusCode(202);
        given().contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body("{\"type\": \"echo\", \"input\": {\"id\": \"5678\"}}")
                .when().post("/api/jobs")
                .then().statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:async-jobs:problem:idempotency-key-reused"));
    }

    @Test
    void refusesAnIdempotencyKeyThatIsTooLongEmptyOrBlank() {
        for (var key : List.of("x".repeat(256), "", "   ")) {
            given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(CLASSIC)
                    .when().post("/api/jobs")
                    .then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("detail", containsString("Idempotency-Key"));
        }
    }

    @Test
    void anUnknownPathIsAProblemToo() {
        given().when().get("/api/nothing-here")
                .then().statusCode(404)
                .contentType("application/problem+json");
        given().when().put("/api/jobs")
                .then().statusCode(405)
                .contentType("application/problem+json");
    }
}
