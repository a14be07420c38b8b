package io.github.asyncjobs.api;

import static io.github.asyncjobs.testing.Management.management;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.github.asyncjobs.config.JobsConfig;
import io.github.asyncjobs.job.store.JobRecords;
import io.github.asyncjobs.testing.Jobs;
import io.github.asyncjobs.testing.Metrics;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * A store that cannot be written: 503 with Retry-After, not ready, and no job left that claims to be accepted.
 * The fault is a real one: another process (here, another connection) holds the embedded database's write lock
 * for longer than {@code jobs.storage.local.lock-timeout}, as a backup tool or a stray sqlite3 shell would.
 */
@QuarkusTest
@TestProfile(StoreUnavailableTest.OwnStore.class)
class StoreUnavailableTest {

    /** A profile of its own, so that breaking the store cannot disturb other tests. */
    public static class OwnStore implements QuarkusTestProfile {
    }

    @Inject
    JobsConfig config;

    @Inject
    JobRecords records;

    @Test
    void answers503AndKeepsNothingWhileTheStoreIsLocked() throws SQLException {
        var before = records.unfinishedCreatedBefore(Instant.now()).size();
        var body = Map.of("type", "echo", "input", Map.of("id", "1234"));
        var file = config.storage().local().dataDir().resolve("jobs.db");
        try (var other = DriverManager.getConnection("jdbc:sqlite:" + file); var lock = other.createStatement()) {
            lock.execute("BEGIN EXCLUSIVE");
            given().contentType(ContentType.JSON).header("Idempotency-Key", "retry-me").body(body)
                    .when().post("/api/jobs")
                    .then().statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", matchesPattern("[1-9][0-9]*"))
                    .body("type", equalTo("urn:async-jobs:problem:service-unavailable"))
                    // No paths, SQL or driver text: a stable message, and the trace id that the log lines carry.
                    .body("detail", equalTo("The job store is unavailable. Nothing was changed; retry after the time in Retry-After."))
                    .body("traceId", matchesPattern("[0-9a-f]{32}"));
            management().get("/q/health/ready").then().statusCode(503);
            assertThat(records.unfinishedCreatedBefore(Instant.now())).as("reads go on; nothing was recorded").hasSize(before);
            lock.execute("ROLLBACK");
        }
        // The same key works now (retried as a client would while the breaker still refuses): the failed attempt left
        // nothing behind, not even the key.
        String id = await().until(() -> given().contentType(ContentType.JSON).header("Idempotency-Key", "retry-me").body(body)
                .when().post("/api/jobs"), response -> response.statusCode() == 202).path("id");
        Jobs.awaitStatus(id, "Succeeded");
    }

    /**
     * Each write waits out the lock timeout before it fails; once half of the last 4 failed, accepts and readiness
     * answer at once without trying the store, until the breaker lets a trial through after jobs.storage.breaker-delay.
     */
    @Test
    void onceTheStoreIsKnownToBeDownAcceptsAnswer503WithoutWaitingForIt() throws SQLException {
        var body = Map.of("type", "echo", "input", Map.of("id", "5678"));
        var file = config.storage().local().dataDir().resolve("jobs.db");
        try (var other = DriverManager.getConnection("jdbc:sqlite:" + file); var lock = other.createStatement()) {
            lock.execute("BEGIN EXCLUSIVE");
            await().until(() -> management().get("/q/health/ready").asString().matches("(?s).*\"circuit\"\\s*:\\s*\"open\".*"));
            long tried = Metrics.sum("jobs_dependency_duration_seconds_count{dependency=\"queue\",operation=\"send\"");
            given().contentType(ContentType.JSON).body(body).when().post("/api/jobs")
                    .then().statusCode(503)
                    .body("detail", equalTo("The job store is unavailable. Nothing was changed; retry after the time in Retry-After."));
            management().get("/q/health/ready").then().statusCode(503);
            assertThat(Metrics.sum("jobs_dependency_duration_seconds_count{dependency=\"queue\",operation=\"send\""))
                    .as("accepts tried while the breaker is open").isEqualTo(tried);
            lock.execute("ROLLBACK");
        }
        await().until(() -> management().get("/q/health/ready").statusCode() == 200);
        Jobs.awaitStatus(Jobs.submit("echo", Map.of("id", "after the outage")), "Succeeded");
    }
}
