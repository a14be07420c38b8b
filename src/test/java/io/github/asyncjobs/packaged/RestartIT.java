package io.github.asyncjobs.packaged;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * Nothing accepted is lost across a restart of the embedded default, whether the process was stopped
 * or killed: jobs accepted by an API-only instance run when a processing instance starts on the same data.
 */
class RestartIT {

    private static final Map<String, String> API_ONLY = Map.of("jobs.processor.enabled", "false");

    @Test
    void jobsAcceptedBeforeAStopOrAKillRunAfterTheRestart() throws Exception {
        var dataDir = Files.createTempDirectory(Path.of("target"), "restart-it-").toAbsolutePath().resolve("data");
        Files.createDirectories(dataDir);
        String echo;
        String report;
        String keyed;
        String killed;
        try (var app = PackagedApp.start(dataDir, API_ONLY)) {
            echo = submit(app, "{\"type\": \"echo\", \"input\": {\"id\": \"1234\", \"customername\": \"Contoso\"}}", null);
            report = submit(app, "{\"type\": \"sales-report\", \"input\": {\"events\": [{\"id\": 1, \"store_id\": 2, \"cust_id\": 3, "
                    + "\"category\": \"toys\", \"sku\": \"A\", \"price\": 10, \"qty\": 2, \"discount\": 0, "
                    + "\"ts\": \"2024-05-01T10:15:00Z\", \"event_type\": \"sale_event\"}]}}", null);
            keyed = submit(app, "{\"type\": \"echo\", \"input\": {\"n\": 1}}", "restart-key");
            app.stop();
        }
        try (var app = PackagedApp.start(dataDir, API_ONLY)) {
            killed = submit(app, "{\"type\": \"echo\", \"input\": {\"n\": 2}}", null);
            app.kill();
        }
        try (var app = PackagedApp.start(dataDir, Map.of())) {
            for (var id : List.of(echo, report, keyed, killed)) {
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                        .until(() -> "Succeeded".equals(client(app).get("/api/jobs/" + id).path("status")));
            }
            given().urlEncodingEnabled(false).get(client(app).get("/api/jobs/" + echo).<String> path("resourceLocation"))
                    .then().statusCode(200).body("customername", equalTo("Contoso"));
            given().urlEncodingEnabled(false).get(client(app).get("/api/jobs/" + report).<String> path("resourceLocation"))
                    .then().statusCode(200).body("gross_sales", equalTo(20.0f));
            // The idempotency key survived too: a replay names the job accepted before the restart.
            client(app).contentType(ContentType.JSON).header("Idempotency-Key", "restart-key")
                    .body("{\"type\": \"echo\", \"input\": {\"n\": 1}}")
                    .post("/api/jobs")
                    .then().statusCode(202).body("id", equalTo(keyed));
        }
    }

    private static String submit(PackagedApp app, String body, String idempotencyKey) {
        var request = client(app).contentType(ContentType.JSON).body(body);
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return request.post("/api/jobs").then().statusCode(202).body("status", equalTo("NotStarted")).extract().path("id");
    }

    private static RequestSpecification client(PackagedApp app) {
        return given().baseUri(app.baseUrl());
    }
}
