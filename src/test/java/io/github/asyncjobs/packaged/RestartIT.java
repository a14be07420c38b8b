package io.github.asyncjobs.packaged;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * Nothing accepted is lost across a restart of the embedded default, whether the process was stopped
 * or killed: jobs accepted by an API-only instance run when a processing instance starts on the same data.
 */
class RestartIT {

    private static final Map<String, String> API_ONLY = Map.of("jobs.processor.enabled", "false");

    /**
     * Jobs accepted by an API-only instance that is stopped, and by one killed while eight clients post as fast as they
     * can, all run once a processing instance starts on the same data: every job answered 202 (requests cut off by the
     * kill may or may not have been taken), their results and their idempotency keys. Meanwhile one process owns the
     * data folder: a second one on it refuses to start and says why.
     */
    @Test
    void everyJobAnswered202SurvivesAStopAndAKillUnderLoad() throws Exception {
        var dataDir = Files.createTempDirectory(Path.of("target"), "restart-it-").toAbsolutePath().resolve("data");
        Files.createDirectories(dataDir);
        String echo;
        String report;
        String keyed;
        try (var app = PackagedApp.start(dataDir, API_ONLY)) {
            echo = submit(app, "{\"type\": \"echo\", \"input\": {\"id\": \"1234\", \"customername\": \"Contoso\"}}", null);
            report = submit(app, "{\"type\": \"sales-report\", \"input\": {\"events\": [{\"id\": 1, \"store_id\": 2, \"cust_id\": 3, "
                    + "\"category\": \"toys\", \"sku\": \"A\", \"price\": 10, \"qty\": 2, \"discount\": 0, "
                    + "\"ts\": \"2024-05-01T10:15:00Z\", \"event_type\": \"sale_event\"}]}}", null);
            keyed = submit(app, "{\"type\": \"echo\", \"input\": {\"n\": 1}}", "restart-key");
            var refusal = PackagedApp.refusedStart(dataDir, Map.of());
            assertThat(refusal.exitCode()).isNotZero();
            assertThat(refusal.log()).contains("is in use by another process");
            given().baseUri(app.managementUrl()).get("/q/health/ready").then().statusCode(200);
            app.stop();
        }
        // A clean stop leaves no write-ahead log for the next start to replay.
        var wal = dataDir.resolve("jobs.db-wal");
        assertThat(Files.notExists(wal) || Files.size(wal) == 0).as("%s is empty or gone", wal).isTrue();

        var accepted = ConcurrentHashMap.<String> newKeySet();
        try (var app = PackagedApp.start(dataDir, API_ONLY)) {
            var http = HttpClient.newHttpClient();
            var post = HttpRequest.newBuilder(URI.create(app.baseUrl() + "/api/jobs")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"type\": \"echo\", \"input\": {\"n\": 3}}")).build();
            var clients = Executors.newFixedThreadPool(8);
            for (int i = 0; i < 8; i++) {
                clients.submit(() -> {
                    while (true) {
                        var response = http.send(post, HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() == 202) {
                            accepted.add(response.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1"));
                        }
                    }
                });
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> accepted.size() >= 150);
            app.kill();
            clients.shutdownNow();
            clients.awaitTermination(10, TimeUnit.SECONDS);
        }

        try (var app = PackagedApp.start(dataDir, Map.of())) {
            var all = new ArrayList<>(List.of(echo, report, keyed));
            all.addAll(accepted);
            for (var id : all) {
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
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

    /**
     * What a power loss or a disk fault may leave: a database file whose first page is garbage and a torn signing key.
     * The service starts anyway, moves both aside with a log line naming where, and serves new jobs end to end.
     */
    /** A job scheduled for later, accepted before a restart, waits in the queue across it and runs at its time. */
    @Test
    void aScheduledJobSurvivesARestartAndRunsAtItsTime() throws Exception {
        var dataDir = Files.createTempDirectory(Path.of("target"), "scheduled-it-").toAbsolutePath().resolve("data");
        java.time.Instant notBefore;
        String id;
        try (var app = PackagedApp.start(dataDir, Map.of())) {
            notBefore = java.time.Instant.now().plusSeconds(8);
            id = submit(app, "{\"type\": \"echo\", \"input\": {\"n\": 3}, \"notBefore\": \"" + notBefore + "\"}", null);
            app.stop();
        }
        try (var app = PackagedApp.start(dataDir, Map.of())) {
            client(app).get("/api/jobs/" + id).then().statusCode(200).body("notBefore", equalTo(notBefore.toString()));
            await().atMost(Duration.ofSeconds(60)).until(() -> "Succeeded".equals(client(app).get("/api/jobs/" + id).path("status")));
            String finished = client(app).get("/api/jobs/" + id).path("lastUpdatedDateTime");
            assertThat(java.time.Instant.parse(finished)).isAfterOrEqualTo(notBefore);
        }
    }

    @Test
    void aDamagedDatabaseAndATornSigningKeyAreMovedAsideAndTheServiceStarts() throws Exception {
        var dataDir = Files.createTempDirectory(Path.of("target"), "damaged-it-").toAbsolutePath().resolve("data");
        try (var app = PackagedApp.start(dataDir, Map.of())) {
            submit(app, "{\"type\": \"echo\", \"input\": {\"n\": 1}}", null);
            app.stop();
        }
        try (var database = FileChannel.open(dataDir.resolve("jobs.db"), StandardOpenOption.WRITE)) {
            database.write(ByteBuffer.wrap("this is no longer an SQLite database header".repeat(3).getBytes(StandardCharsets.US_ASCII)), 0);
        }
        Files.writeString(dataDir.resolve("signing.key"), "AAAA");
        try (var app = PackagedApp.start(dataDir, Map.of())) {
            var id = submit(app, "{\"type\": \"echo\", \"input\": {\"n\": 2}}", null);
            await().atMost(Duration.ofSeconds(30)).until(() -> "Succeeded".equals(client(app).get("/api/jobs/" + id).path("status")));
            String result = client(app).get("/api/jobs/" + id).path("resourceLocation");
            client(app).urlEncodingEnabled(false).get(result).then().statusCode(200).body("n", equalTo(2));
            assertThat(app.log()).contains("is damaged").contains("quarantine").contains("signing.key.damaged-");
        }
        try (var quarantined = Files.list(dataDir.resolve("quarantine"))) {
            assertThat(quarantined.toList()).singleElement().satisfies(aside -> assertThat(aside.resolve("jobs.db")).exists());
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
