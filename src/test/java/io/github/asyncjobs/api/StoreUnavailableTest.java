package io.github.asyncjobs.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.github.asyncjobs.config.JobsConfig;
import io.github.asyncjobs.job.store.JobRecords;
import io.github.asyncjobs.testing.Jobs;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** A store that cannot be written: 503 with Retry-After, not ready, and no job left that claims to be accepted. */
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
    void answers503AndKeepsNothingWhileTheStoreIsBroken() throws IOException {
        var jobsFolder = config.storage().local().dataDir().resolve("jobs");
        var keysFolder = config.storage().local().dataDir().resolve("idempotency-keys");
        var before = records.unfinishedCreatedBefore(Instant.now()).size();
        var body = Map.of("type", "echo", "input", Map.of("id", "1234"));
        var moved = breakFolder(jobsFolder);
        try {
            given().contentType(ContentType.JSON).header("Idempotency-Key", "retry-me").body(body)
                    .when().post("/api/jobs")
                    .then().statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", matchesPattern("[1-9][0-9]*"))
                    .body("type", equalTo("urn:async-jobs:problem:service-unavailable"));
            given().get("/q/health/ready").then().statusCode(503);
            assertThat(records.unfinishedCreatedBefore(Instant.now())).hasSize(before);
            assertThat(Files.list(keysFolder)).as("the idempotency key was released").isEmpty();
        } finally {
            repair(jobsFolder, moved);
        }
        given().get("/q/health/ready").then().statusCode(200);
        // The same key works now: the failed attempt left nothing behind.
        String id = given().contentType(ContentType.JSON).header("Idempotency-Key", "retry-me").body(body)
                .when().post("/api/jobs").then().statusCode(202).extract().path("id");
        Jobs.awaitStatus(id, "Succeeded");
    }

    /** Puts a plain file where the folder was, so that every write under it fails. */
    private static Path breakFolder(Path folder) throws IOException {
        var moved = folder.resolveSibling(folder.getFileName() + ".moved");
        Files.move(folder, moved);
        Files.writeString(folder, "not a folder");
        return moved;
    }

    private static void repair(Path folder, Path moved) throws IOException {
        Files.delete(folder);
        Files.move(moved, folder);
    }
}
