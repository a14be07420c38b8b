package io.github.asyncjobs.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.github.asyncjobs.config.JobsConfig;
import io.github.asyncjobs.testing.Jobs;
import io.github.asyncjobs.testing.TestGates;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** POST /api/jobs/{id}:rerun and :purge (:cancel is in {@link JobCancelTest}). */
@QuarkusTest
class JobActionsTest {

    @Inject
    JobsConfig config;

    @Test
    void aCanceledJobRunsAgainWithItsInputAsANewJobThatNamesTheFirst() {
        var gate = TestGates.newGate();
        String first = given().contentType(ContentType.JSON).body(Map.of("type", "test-gated", "input", Map.of("gate", gate),
                "tags", Map.of("batch", "7"))).post("/api/jobs").then().statusCode(202).extract().path("id");
        given().post("/api/jobs/" + first + ":cancel").then().statusCode(200);

        var rerun = given().post("/api/jobs/" + first + ":rerun")
                .then().statusCode(202)
                .header("Location", containsString("/api/jobs/"))
                .header("Operation-Location", containsString("/api/jobs/"))
                .header("RateLimit", notNullValue())
                .body("status", equalTo("NotStarted"))
                .body("rerunOf", equalTo(first))
                .body("tags.batch", equalTo("7"))
                .body("id", not(equalTo(first)))
                .extract().<String>path("id");
        // The same gate, so the same input: opening it lets the rerun finish.
        Jobs.awaitStatus(rerun, "Running");
        TestGates.open(gate);
        Jobs.awaitStatus(rerun, "Succeeded");
        given().get("/api/jobs/" + rerun).then().body("rerunOf", equalTo(first));
        assertThat(Jobs.status(first)).isEqualTo("Canceled");
    }

    @Test
    void aFailedJobRunsAgainAndTheSameKeyAnswersTheSameRerun() {
        var failed = Jobs.submit("test-flaky", Map.of("failures", 0, "permanent", true));
        Jobs.awaitStatus(failed, "Failed");
        String key = "rerun-" + UUID.randomUUID();
        String rerun = given().header("Idempotency-Key", key).post("/api/jobs/" + failed + ":rerun")
                .then().statusCode(202).extract().path("id");
        String again = given().header("Idempotency-Key", key).post("/api/jobs/" + failed + ":rerun")
                .then().statusCode(202).extract().path("id");
        assertThat(again).isEqualTo(rerun);
        Jobs.awaitStatus(rerun, "Failed");
        given().get("/api/jobs/" + rerun).then().body("error.code", equalTo("BadData"));
    }

    @Test
    void onlyAFailedOrCanceledJobRunsAgain() {
        var succeeded = Jobs.submit("echo", Map.of("n", 1));
        Jobs.awaitStatus(succeeded, "Succeeded");
        given().post("/api/jobs/" + succeeded + ":rerun")
                .then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("urn:async-jobs:problem:job-state-conflict"))
                .body("detail", containsString("succeeded"));

        var gate = TestGates.newGate();
        var running = Jobs.submit("test-gated", Map.of("gate", gate));
        Jobs.awaitStatus(running, "Running");
        given().post("/api/jobs/" + running + ":rerun").then().statusCode(409).body("detail", containsString("not finished"));
        TestGates.open(gate);

        given().post("/api/jobs/" + UUID.randomUUID() + ":rerun").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void purgingASucceededJobErasesItsRecordResultAndKeyNow() {
        String key = "purge-" + UUID.randomUUID();
        var body = Map.of("type", "echo", "input", Map.of("n", 7));
        String id = given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(body).post("/api/jobs")
                .then().statusCode(202).extract().path("id");
        Jobs.awaitStatus(id, "Succeeded");
        var result = config.storage().local().dataDir().resolve("results/echo/" + id);
        assertThat(result).exists();

        given().post("/api/jobs/" + id + ":purge").then().statusCode(204);
        given().get("/api/jobs/" + id).then().statusCode(404);
        given().get("/api/jobs").then().body("value.id", not(org.hamcrest.Matchers.hasItem(id)));
        assertThat(result).doesNotExist();
        // The key is free again: the same request makes a new job instead of answering the purged one.
        String next = given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(body).post("/api/jobs")
                .then().statusCode(202).extract().path("id");
        assertThat(next).isNotEqualTo(id);
        given().post("/api/jobs/" + id + ":purge").then().statusCode(404);
    }

    @Test
    void anUnfinishedJobIsNotPurged() {
        var gate = TestGates.newGate();
        var running = Jobs.submit("test-gated", Map.of("gate", gate));
        Jobs.awaitStatus(running, "Running");
        given().post("/api/jobs/" + running + ":purge")
                .then().statusCode(409).contentType("application/problem+json").body("detail", containsString("cancel it first"));
        TestGates.open(gate);
        Jobs.awaitStatus(running, "Succeeded");
        given().post("/api/jobs/nope:purge").then().statusCode(404);
        given().post("/api/jobs/" + running + ":archive").then().statusCode(404).body("detail", containsString(":purge"));
    }
}
