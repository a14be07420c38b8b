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

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

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

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            throw new AssertionError("Not a JSON log line: " + line, e);
        }
    }
}
