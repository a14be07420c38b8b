package io.github.asyncjobs.packaged;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.asyncjobs.testing.identity.EntraIdStandIn;

/** In the prod profile every log line is JSON, and a line about a job carries its id, trace id and span id. */
class LogsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void prodLogsAreJsonLinesWithTheJobAndItsTrace() throws Exception {
        var dataDir = Files.createTempDirectory(Path.of("target"), "logs-it-").toAbsolutePath().resolve("data");
        try (var app = PackagedApp.start(dataDir, Map.of("quarkus.log.category.\"io.github.asyncjobs.job\".level", "DEBUG"))) {
            var traceId = "6bf92f3577b34da6a3ce929d0e0e4736";
            var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/api/jobs"))
                    .header("Content-Type", "application/json").header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"echo\",\"input\":{\"n\":1}}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(202);
            var id = JSON.readTree(response.body()).get("id").asText();

            await().until(() -> app.log().contains("Accepted job " + id));
            var lines = app.log().lines().filter(line -> line.startsWith("{")).map(LogsIT::parse).toList();
            assertThat(app.log().lines().filter(line -> !line.isBlank())).allMatch(line -> line.startsWith("{"));
            var accepted = lines.stream().filter(line -> line.path("message").asText().contains("Accepted job " + id)).findFirst()
                    .orElseThrow();
            assertThat(accepted.path("mdc").path("jobId").asText()).isEqualTo(id);
            assertThat(accepted.path("mdc").path("traceId").asText()).isEqualTo(traceId);
            assertThat(accepted.path("mdc").path("spanId").asText()).matches("[0-9a-f]{16}");
        }
    }

    /**
     * Even at DEBUG, with authentication on: no token, no request body or job input, no result URL signature in the log,
     * for a job accepted, refused tokens, a job read and its result downloaded.
     */
    @Test
    void logsNeverCarryTokensBodiesOrResultSignatures() throws Exception {
        var dataDir = Files.createTempDirectory(Path.of("target"), "logs-secrets-it-").toAbsolutePath().resolve("data");
        try (var entraId = EntraIdStandIn.start();
                var app = PackagedApp.start(dataDir, Map.of("quarkus.log.level", "DEBUG", "quarkus.log.min-level", "DEBUG",
                        "jobs.auth.enabled", "true", "jobs.auth.issuer", entraId.issuer(), "jobs.auth.audience", EntraIdStandIn.AUDIENCE))) {
            var http = HttpClient.newHttpClient();
            var token = entraId.token("Jobs.Submit").jwt();
            var secretInput = "input-" + UUID.randomUUID();
            var accepted = http.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/api/jobs"))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"echo\",\"input\":{\"s\":\"" + secretInput + "\"}}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(accepted.statusCode()).isEqualTo(202);
            var id = JSON.readTree(accepted.body()).get("id").asText();
            var expired = entraId.token("Jobs.Submit").validFor(java.time.Duration.ofMinutes(-5)).jwt();
            var refused = http.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/api/jobs/" + id))
                    .header("Authorization", "Bearer " + expired).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(401);
            var monitor = HttpRequest.newBuilder(URI.create(app.baseUrl() + "/api/jobs/" + id)).header("Authorization", "Bearer " + token).build();
            await().until(() -> JSON.readTree(http.send(monitor, HttpResponse.BodyHandlers.ofString()).body()).path("status").asText()
                    .equals("Succeeded"));
            var resultUrl = JSON.readTree(http.send(monitor, HttpResponse.BodyHandlers.ofString()).body()).path("resourceLocation").asText();
            assertThat(http.send(HttpRequest.newBuilder(URI.create(resultUrl)).build(), HttpResponse.BodyHandlers.ofString()).body())
                    .contains(secretInput);
            var signature = resultUrl.replaceAll(".*[?&]sig=([^&]+).*", "$1");

            var log = app.log();
            assertThat(log).contains(id).doesNotContain(token).doesNotContain(expired).doesNotContain(secretInput)
                    .doesNotContain(signature);
            // Not the signature of a JWT either: the part any copy of a token would carry.
            assertThat(log).doesNotContain(token.substring(token.lastIndexOf('.') + 1));
        }
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            throw new AssertionError("Not a JSON log line: " + line, e);
        }
    }
}
