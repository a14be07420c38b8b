package io.github.asyncjobs.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import java.time.Instant;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.github.asyncjobs.job.store.JobRecords;
import io.github.asyncjobs.testing.Jobs;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** A queue that cannot take more: 503 with Retry-After, and the refused job does not exist. Also: an API-only instance. */
@QuarkusTest
@TestProfile(QueueFullTest.ApiOnlyWithTinyQueue.class)
class QueueFullTest {

    public static class ApiOnlyWithTinyQueue implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("jobs.processor.enabled", "false", "jobs.queue.embedded.capacity", "2");
        }
    }

    @Inject
    JobRecords records;

    @Test
    void aFullQueueGives503AndNoJob() {
        var first = Jobs.submit("echo", Map.of("n", 1));
        var second = Jobs.submit("echo", Map.of("n", 2));
        var body = Map.of("type", "echo", "input", Map.of("n", 3));
        for (int i = 0; i < 2; i++) {
            given().contentType(ContentType.JSON).header("Idempotency-Key", "third").body(body)
                    .when().post("/api/jobs")
                    .then().statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", matchesPattern("[1-9][0-9]*"))
                    .body("type", equalTo("urn:async-jobs:problem:service-unavailable"))
                    .body("detail", containsString("The embedded queue is full"));
        }
        assertThat(records.unfinishedCreatedBefore(Instant.now())).extracting(job -> job.id().toString()).containsExactlyInAnyOrder(first, second);
        // With the processor role off, accepted jobs wait.
        assertThat(Jobs.status(first)).isEqualTo("NotStarted");
    }
}
