package io.github.asyncjobs.packaged;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

/**
 * With an OTLP endpoint configured the way Container Apps' managed agent configures it (the standard OTEL_* variables),
 * the packaged application exports its spans there; a local OTLP/HTTP receiver stands in for the agent.
 */
class TraceExportIT {

    @Test
    void spansGoToTheConfiguredOtlpEndpoint() throws Exception {
        var received = new CopyOnWriteArrayList<String>();
        var receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/v1/traces", exchange -> {
            received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.ISO_8859_1));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        var dataDir = Files.createTempDirectory(Path.of("target"), "trace-export-it-").toAbsolutePath().resolve("data");
        var endpoint = "http://127.0.0.1:" + receiver.getAddress().getPort();
        try (var app = PackagedApp.start(dataDir, Map.of(), Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint,
                "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf", "QUARKUS_OTEL_BSP_SCHEDULE_DELAY", "100ms"))) {
            var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/api/jobs"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"echo\",\"input\":{\"n\":1}}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            var id = new ObjectMapper().readTree(response.body()).get("id").asText();
            // The protobuf carries span names and string attributes as plain bytes.
            await().atMost(Duration.ofSeconds(30)).until(() -> received.stream()
                    .anyMatch(body -> body.contains("process jobs") && body.contains(id)));
            assertThat(String.join("", received)).contains("send jobs", "attempt echo", "async-jobs");
        } finally {
            receiver.stop(0);
        }
    }
}
