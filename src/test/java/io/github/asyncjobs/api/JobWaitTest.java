package io.github.asyncjobs.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.github.asyncjobs.job.store.JobRecords;
import io.github.asyncjobs.testing.Jobs;
import io.github.asyncjobs.testing.Metrics;
import io.github.asyncjobs.testing.TestGates;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.RedirectConfig;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** Prefer: wait=N (RFC 7240): the answer comes when the job ends, or after N seconds as without it. */
@QuarkusTest
class JobWaitTest {

    private static final String STORE_READS =
            "jobs_dependency_duration_seconds_count{dependency=\"store\",operation=\"record.find\"";

    @Inject
    JobRecords records;

    @Test
    void aWaitingMonitorRequestIsAnsweredWhenTheJobEnds() {
        var gate = TestGates.newGate();
        var id = Jobs.submit("test-gated", Map.of("gate", gate));
        Jobs.awaitStatus(id, "Running");
        var answer = CompletableFuture.supplyAsync(() -> given().header("Prefer", "respond-async, wait=30").get("/api/jobs/" + id));
        TestGates.open(gate);
        // Asked while the job ran; answered with its end, not with Running.
        answer.join().then().statusCode(200).body("status", equalTo("Succeeded")).header("Retry-After", (String) null);
    }

    @Test
    void aWaitThatRunsOutIsAnsweredAsWithoutIt() {
        var gate = TestGates.newGate();
        var id = Jobs.submit("test-gated", Map.of("gate", gate));
        Jobs.awaitStatus(id, "Running");
        given().header("Prefer", "wait=1").get("/api/jobs/" + id).then().statusCode(200).body("status", equalTo("Running"))
                .header("Retry-After", notNullValue());
        given().header("Prefer", "wait=1").get("/api/jobs/" + id + "/status").then().statusCode(202)
                .header("Location", containsString("/status"));
        TestGates.open(gate);
    }

    @Test
    void aSubmitThatWaitsIsAnswered200WithTheEndedMonitorAndTheUsualLinks() {
        given().contentType(ContentType.JSON).header("Prefer", "wait=20").body(Map.of("type", "echo", "input", Map.of("n", 5)))
                .post("/api/jobs").then().statusCode(200)
                .body("status", equalTo("Succeeded"))
                .body("resourceLocation", notNullValue())
                .header("Location", containsString("/status"))
                .header("Operation-Location", containsString("/api/jobs/"))
                .header("RateLimit", notNullValue());
    }

    @Test
    void theStatusEndpointRedirectsOnceTheJobSucceeded() {
        var gate = TestGates.newGate();
        var id = Jobs.submit("test-gated", Map.of("gate", gate));
        var answer = CompletableFuture.supplyAsync(() -> given().config(io.restassured.RestAssured.config()
                .redirect(RedirectConfig.redirectConfig().followRedirects(false))).header("Prefer", "wait=30")
                .get("/api/jobs/" + id + "/status"));
        TestGates.open(gate);
        answer.join().then().statusCode(303).header("Location", containsString(id));
    }

    /** An end recorded by another instance (here: straight in the store, with no event on this one) wakes the waiter too. */
    @Test
    void anEndRecordedElsewhereIsSeenByTheRecordCheck() {
        var gate = TestGates.newGate();
        var id = Jobs.submit("test-gated", Map.of("gate", gate));
        Jobs.awaitStatus(id, "Running");
        var answer = CompletableFuture.supplyAsync(() -> given().header("Prefer", "wait=30").get("/api/jobs/" + id));
        // Only once the request waits: otherwise it would find the job canceled on its first read.
        org.awaitility.Awaitility.await().until(() -> waitingRequests() > 0);
        records.update(UUID.fromString(id), job -> job.cancel(Instant.now()));
        Response response = answer.join();
        response.then().statusCode(200).body("status", equalTo("Canceled"));
        TestGates.open(gate);
    }

    /**
     * What waiting costs the store: each request reads its job once as it comes and once as its wait runs out; the
     * check for ends elsewhere reads each job waited for once per interval, however many wait for it.
     */
    @Test
    void tenRequestsWaitingForOneJobCostOneStoreReadPerIntervalBetweenThem() {
        String id = given().contentType(ContentType.JSON).body(Map.of("type", "echo", "input", Map.of(), "notBefore",
                Instant.now().plusSeconds(3600).toString())).post("/api/jobs").then().statusCode(202).extract().path("id");
        long readsBefore = Metrics.sum(STORE_READS);
        long start = System.nanoTime();
        var answers = java.util.stream.IntStream.range(0, 10)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> given().header("Prefer", "wait=3").get("/api/jobs/" + id)))
                .toList();
        answers.forEach(answer -> answer.join().then().statusCode(200).body("status", equalTo("NotStarted")));
        long intervals = java.time.Duration.ofNanos(System.nanoTime() - start).toMillis() / 1000 + 1;
        long reads = Metrics.sum(STORE_READS) - readsBefore;
        assertThat(reads).as("store reads for 10 requests waiting 3 s on one job (%d check intervals)", intervals)
                .isLessThanOrEqualTo(2 * 10 + intervals);
        given().post("/api/jobs/" + id + ":cancel").then().statusCode(200);
    }

    @Test
    void anUnknownPreferenceOrAMalformedWaitIsIgnored() {
        var id = Jobs.submit("echo", Map.of("n", 1));
        Jobs.awaitStatus(id, "Succeeded");
        given().header("Prefer", "wait=soon, handling=lenient").get("/api/jobs/" + id).then().statusCode(200);
        assertThat(given().header("Prefer", "wait=-3").get("/api/jobs/" + id).statusCode()).isEqualTo(200);
    }

    private int waitingRequests() {
        return io.quarkus.arc.Arc.container().instance(io.github.asyncjobs.job.service.JobWaits.class).get().waiting();
    }
}
