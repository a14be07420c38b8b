package io.github.asyncjobs.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.github.asyncjobs.config.JobsConfig;
import io.github.asyncjobs.testing.EmbeddedQueueRows;
import io.github.asyncjobs.testing.Jobs;
import io.github.asyncjobs.testing.TestGates;
import io.quarkus.test.junit.QuarkusTest;

/** DELETE /api/jobs/{id}. */
@QuarkusTest
class JobCancelTest {

    @Inject
    JobsConfig config;

    @Inject
    AgroalDataSource database;

    @Test
    void cancelingARunningJobStopsItAndPublishesNoResult() {
        var gate = TestGates.newGate();
        var id = Jobs.submit("test-gated", Map.of("gate", gate));
        Jobs.awaitStatus(id, "Running");

        given().delete("/api/jobs/" + id)
                .then().statusCode(200)
                .header("Cache-Control", "no-store")
                .body("status", equalTo("Canceled"));
        TestGates.open(gate);

        // Once the handler has seen the cancel, its queue message is settled and the job stays Canceled.
        Jobs.awaitStatus(id, "Canceled");
        await().until(() -> !queued(id));
        given().get("/api/jobs/" + id + "/status")
                .then().statusCode(200)
                .body("status", equalTo("Canceled"))
                .body("resourceLocation", nullValue());
        assertThat(config.storage().local().dataDir().resolve("results/test-gated/" + id)).doesNotExist();
    }

    /** The handler never reports progress again: the cancel reaches it anyway, as an interrupt, and frees its slot. */
    @Test
    void cancelingARunningJobInterruptsItsHandler() {
        var gate = TestGates.newGate();
        var id = Jobs.submit("test-gated", Map.of("gate", gate));
        Jobs.awaitStatus(id, "Running");
        given().delete("/api/jobs/" + id).then().statusCode(200).body("status", equalTo("Canceled"));

        await().until(() -> TestGates.interrupted(gate));
        await().until(() -> !queued(id));
        assertThat(Jobs.status(id)).isEqualTo("Canceled");
        assertThat(config.storage().local().dataDir().resolve("results/test-gated/" + id)).doesNotExist();
    }

    @Test
    void cancelingAJobThatHasNotStartedMeansItNeverRuns() {
        var blocker = TestGates.newGate();
        // Fill every processing slot so that the next job waits in the queue.
        var blockers = IntStream.range(0, config.processor().concurrency())
                .mapToObj(i -> Jobs.submit("test-gated", Map.of("gate", blocker))).toList();
        blockers.forEach(b -> Jobs.awaitStatus(b, "Running"));
        var id = Jobs.submit("echo", Map.of("n", 1));
        assertThat(Jobs.status(id)).isEqualTo("NotStarted");

        given().delete("/api/jobs/" + id).then().statusCode(200).body("status", equalTo("Canceled"));
        TestGates.open(blocker);
        await().until(() -> !queued(id));
        assertThat(Jobs.status(id)).isEqualTo("Canceled");
        assertThat(config.storage().local().dataDir().resolve("results/echo/" + id)).doesNotExist();
    }

    /** Twice, and in both forms: DELETE and the API guidelines' action, POST {id}:cancel. */
    @Test
    void cancelingTwiceIsFine() {
        var gate = TestGates.newGate();
        var id = Jobs.submit("test-gated", Map.of("gate", gate));
        given().post("/api/jobs/" + id + ":cancel").then().statusCode(200)
                .header("Cache-Control", "no-store").body("status", equalTo("Canceled"));
        given().delete("/api/jobs/" + id).then().statusCode(200).body("status", equalTo("Canceled"));
        given().post("/api/jobs/" + id + ":cancel").then().statusCode(200).body("status", equalTo("Canceled"));
        TestGates.open(gate);
    }

    @Test
    void cancelingAFinishedJobIs409() {
        var succeeded = Jobs.submit("echo", Map.of("n", 1));
        Jobs.awaitStatus(succeeded, "Succeeded");
        given().delete("/api/jobs/" + succeeded)
                .then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:async-jobs:problem:job-state-conflict"));

        var failed = Jobs.submit("test-flaky", Map.of("failures", 0, "permanent", true));
        Jobs.awaitStatus(failed, "Failed");
        given().delete("/api/jobs/" + failed).then().statusCode(409);
        given().post("/api/jobs/" + failed + ":cancel").then().statusCode(409).contentType("application/problem+json");
        assertThat(Jobs.status(failed)).isEqualTo("Failed");
    }

    @Test
    void cancelingAnUnknownJobIs404() {
        given().delete("/api/jobs/" + UUID.randomUUID()).then().statusCode(404).contentType("application/problem+json");
        given().delete("/api/jobs/nope").then().statusCode(404).contentType("application/problem+json");
        given().post("/api/jobs/" + UUID.randomUUID() + ":cancel").then().statusCode(404).contentType("application/problem+json");
        given().post("/api/jobs/nope:cancel").then().statusCode(404).contentType("application/problem+json");
    }

    private boolean queued(String id) throws SQLException {
        return EmbeddedQueueRows.queued(database, id);
    }
}
