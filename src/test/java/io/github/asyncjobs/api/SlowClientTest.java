package io.github.asyncjobs.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;

import org.junit.jupiter.api.Test;

import io.github.asyncjobs.testing.Management;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * Slow clients must not take the service down: hundreds of POSTs that announce a body and send only its first bytes
 * are held open while a normal client uses the API. Request bodies are read without holding a worker thread, so the
 * normal client is served as if nothing were happening.
 */
@QuarkusTest
class SlowClientTest {

    private static final int SLOW_CLIENTS = 300;

    @Test
    void halfSentBodiesDoNotStarveOtherRequests() throws Exception {
        var slow = new ArrayList<Socket>();
        try {
            for (int i = 0; i < SLOW_CLIENTS; i++) {
                slow.add(halfSentPost());
            }
            var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            var live = HttpRequest.newBuilder(URI.create("http://localhost:" + Management.port() + "/q/health/live")).timeout(Duration.ofSeconds(20)).build();
            assertThat(http.send(live, HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
            var post = HttpRequest.newBuilder(uri("/api/jobs")).timeout(Duration.ofSeconds(20))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"type\": \"echo\", \"input\": {\"n\": 1}}")).build();
            assertThat(http.send(post, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(202);
        } finally {
            for (var socket : slow) {
                socket.close();
            }
        }
    }

    /** A POST that announces 1,000 bytes of body and sends 7 of them, then waits. */
    private static Socket halfSentPost() throws IOException {
        var socket = new Socket("localhost", RestAssured.port);
        OutputStream out = socket.getOutputStream();
        out.write(("POST /api/jobs HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"type\"")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    private static URI uri(String path) {
        return URI.create("http://localhost:" + RestAssured.port + path);
    }
}
