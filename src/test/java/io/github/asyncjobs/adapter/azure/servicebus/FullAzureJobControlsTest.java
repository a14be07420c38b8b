package io.github.asyncjobs.adapter.azure.servicebus;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import io.github.asyncjobs.testing.Jobs;
import io.github.asyncjobs.testing.TestGates;
import io.github.asyncjobs.testing.azure.FullAzureProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * The job controls in full Azure mode (Service Bus test broker, Azurite): rerun, progress detail, tags, scheduled start
 * and Prefer: wait, as the embedded default's contract tests show them (JobActionsTest, JobProgressTest, JobListingTest,
 * JobSchedulingTest, JobWaitTest). Purge's blobs: BlobStorageTest.
 */
@QuarkusTest
@TestProfile(FullAzureProfile.class)
class FullAzureJobControlsTest {

    @Test
    void aFailedJobRunsAgainWithItsInputTagsAndAKey() {
        String failed = given().contentType(ContentType.JSON).body(Map.of("type", "test-flaky", "input",
                Map.of("failures", 0, "permanent", true), "tags", Map.of("batch", "azure"))).post("/api/jobs")
                .then().statusCode(202).extract().path("id");
        Jobs.awaitStatus(failed, "Failed");
        var key = "rerun-" + UUID.randomUUID();
        String rerun = given().header("Idempotency-Key", key).post("/api/jobs/" + failed + ":rerun").then().statusCode(202)
                .body("rerunOf", equalTo(failed)).body("tags.batch", equalTo("azure")).extract().path("id");
        assertThat(given().header("Idempotency-Key", key).post("/api/jobs/" + failed + ":rerun").then().statusCode(202)
                .extract().<String>path("id")).isEqualTo(rerun);
        Jobs.awaitStatus(rerun, "Failed");
        given().get("/api/jobs/" + rerun).then().body("error.code", equalTo("BadData"));
        given().queryParam("tag", "batch:azure").get("/api/jobs").then().statusCode(200)
                .body("value.id", org.hamcrest.Matchers.hasItems(failed, rerun));
    }

    @Test
    void progressStageAndCustomStatusAreShownWhileTheJobRunsAndKept() {
        var gate = TestGates.newGate();
        var id = Jobs.submit("test-progress", Map.of("gate", gate, "reports", 5_000));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> Jobs.monitor(id).then()
                .body("status", equalTo("Running")).body("stage", equalTo("step 5000")).body("customStatus.step", equalTo(5_000)));
        TestGates.open(gate);
        Jobs.awaitStatus(id, "Succeeded");
        Jobs.monitor(id).then().body("percentComplete", equalTo(100)).body("stage", equalTo("step 5000"));
    }

    @Test
    void aScheduledJobWaitsForItsTimeAndAWaitingRequestGetsItsEnd() {
        var notBefore = Instant.now().plusSeconds(3);
        String id = given().contentType(ContentType.JSON)
                .body(Map.of("type", "echo", "input", Map.of("at", "later"), "notBefore", notBefore.toString()))
                .post("/api/jobs").then().statusCode(202).body("notBefore", notNullValue()).extract().path("id");
        // Asked before the job may start: answered with its end.
        given().header("Prefer", "wait=30").get("/api/jobs/" + id).then().statusCode(200).body("status", equalTo("Succeeded"));
        String finished = Jobs.monitor(id).then().extract().path("lastUpdatedDateTime");
        assertThat(Instant.parse(finished)).isAfterOrEqualTo(notBefore);
    }

    @Test
    void aSubmitThatWaitsIsAnswered200WithTheResultsSasAndTheStatusRedirectsAfterAWait() {
        given().contentType(ContentType.JSON).header("Prefer", "wait=30").body(Map.of("type", "echo", "input", Map.of("n", 9)))
                .post("/api/jobs").then().statusCode(200).body("status", equalTo("Succeeded"))
                .body("resourceLocation", containsString("skoid=")).header("Operation-Location", containsString("/api/jobs/"));

        var gate = TestGates.newGate();
        var id = Jobs.submit("test-gated", Map.of("gate", gate));
        var answer = CompletableFuture.supplyAsync(() -> given().redirects().follow(false).header("Prefer", "wait=30")
                .get("/api/jobs/" + id + "/status"));
        TestGates.open(gate);
        answer.join().then().statusCode(303).header("Location", containsString("skoid="));
    }
}
