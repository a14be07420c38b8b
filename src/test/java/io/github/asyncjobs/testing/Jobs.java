package io.github.asyncjobs.testing;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** Test shortcuts for the HTTP API, as a client would use it. */
public final class Jobs {

    private Jobs() {
    }

    /** POSTs a job, asserts 202, and returns its id. */
    public static String submit(String type, Object input) {
        return given().contentType(ContentType.JSON).body(Map.of("type", type, "input", input))
                .when().post("/api/jobs")
                .then().statusCode(202)
                .extract().path("id");
    }

    public static Response monitor(String id) {
        return given().get("/api/jobs/" + id);
    }

    public static String status(String id) {
        return monitor(id).then().statusCode(200).extract().path("status");
    }

    /** Waits (bounded) until the job has the given status. */
    public static void awaitStatus(String id, String expected) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> expected.equals(status(id)));
    }
}
