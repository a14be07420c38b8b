package io.github.asyncjobs.job.upkeep;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.github.asyncjobs.testing.ShortTimingsProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** A finished job is deleted after jobs.retention: its record, its result and its idempotency key. */
@QuarkusTest
@TestProfile(ShortTimingsProfile.class)
class JobRetentionTest {

    @Test
    void aFinishedJobIsGoneAfterItsRetentionWithItsResultAndItsKey() {
        var body = Map.of("type", "echo", "input", Map.of("n", 1));
        String id = given().contentType(ContentType.JSON).header("Idempotency-Key", "kept-for-a-while").body(body)
                .post("/api/jobs").then().statusCode(202).extract().path("id");
        // The result URL from the very response that says Succeeded: on a loaded machine a second request could come
        // after the retention already purged the job.
        var result = new AtomicReference<String>();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
            var monitor = given().get("/api/jobs/" + id);
            if (monitor.statusCode() == 200 && "Succeeded".equals(monitor.path("status"))) {
                result.set(monitor.path("resourceLocation"));
            }
            return result.get() != null;
        });

        await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/api/jobs/" + id).statusCode() == 404);
        given().urlEncodingEnabled(false).get(result.get()).then().statusCode(404);
        // The key was purged with the job: the same request makes a new job.
        given().contentType(ContentType.JSON).header("Idempotency-Key", "kept-for-a-while").body(body)
                .post("/api/jobs").then().statusCode(202)
                .body("id", not(equalTo(id)));
    }
}
