package io.github.asyncjobs.job;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.asyncjobs.testing.Jobs;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** A finished job is deleted after jobs.retention: its record, its result and its idempotency key. */
@QuarkusTest
@TestProfile(JobRetentionTest.ShortRetention.class)
class JobRetentionTest {

    public static class ShortRetention implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("jobs.retention", "1s", "jobs.retention-sweep-interval", "200ms");
        }
    }

    @Test
    void aFinishedJobIsGoneAfterItsRetentionWithItsResultAndItsKey() {
        var body = Map.of("type", "echo", "input", Map.of("n", 1));
        String id = given().contentType(ContentType.JSON).header("Idempotency-Key", "kept-for-a-while").body(body)
                .post("/api/jobs").then().statusCode(202).extract().path("id");
        Jobs.awaitStatus(id, "Succeeded");
        String result = given().get("/api/jobs/" + id).then().extract().path("resourceLocation");

        await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/api/jobs/" + id).statusCode() == 404);
        given().urlEncodingEnabled(false).get(result).then().statusCode(404);
        // The key was purged with the job: the same request makes a new job.
        given().contentType(ContentType.JSON).header("Idempotency-Key", "kept-for-a-while").body(body)
                .post("/api/jobs").then().statusCode(202)
                .body("id", not(equalTo(id)));
    }
}
