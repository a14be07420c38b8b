package io.github.asyncjobs.packaged;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.github.asyncjobs.testing.net.RawHttp;

/**
 * The edge as a client sees it from outside, on the packaged application in the prod profile (no forwarded headers
 * trusted): what is wrong in a request's head is answered with a problem document, and what HTTP allows is served.
 */
class EdgeIT {

    private static final String JOB = "{\"type\": \"echo\", \"input\": {\"n\": 1}}";
    private static final Duration NO_HANG = Duration.ofSeconds(15);
    private static PackagedApp app;

    @BeforeAll
    static void start() throws Exception {
        app = PackagedApp.start(Files.createTempDirectory(Path.of("target"), "edge-it-").toAbsolutePath().resolve("data"), Map.of());
    }

    @AfterAll
    static void stop() throws InterruptedException {
        app.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"[zz", "a b", "x:abc", "h:99999999", "h:0", "[::1", "a/b", "a?b", "h:"})
    void aHostHeaderThatIsNoHostIsA400ProblemAndMakesNoJob(String host) throws Exception {
        var jobs = jobCount();
        var post = "POST /api/jobs HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\nContent-Length: "
                + JOB.length() + "\r\nConnection: close\r\n\r\n" + JOB;
        var get = "GET /api/jobs/00000000-0000-4000-8000-000000000000/status HTTP/1.1\r\nHost: " + host
                + "\r\nConnection: close\r\n\r\n";
        for (var request : List.of(post, get)) {
            var reply = RawHttp.send(app.port(), request.getBytes(StandardCharsets.UTF_8), NO_HANG);
            assertThat(reply.status()).as("%s: %s", request.lines().findFirst().orElseThrow(), reply.body()).isEqualTo(400);
            assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
            assertThat(reply.body()).contains("\"status\":400", "Host");
        }
        assertThat(jobCount()).isEqualTo(jobs);
        assertThat(app.log()).as("a client's mistake is no error of the service").doesNotContain("\"level\":\"ERROR\"");
    }

    @Test
    void anHttp10RequestWithoutHostIsServedWithUrlsOfTheAddressItCameIn() throws Exception {
        var request = "POST /api/jobs HTTP/1.0\r\nContent-Type: application/json\r\nContent-Length: " + JOB.length()
                + "\r\n\r\n" + JOB;
        var reply = RawHttp.send(app.port(), request.getBytes(StandardCharsets.UTF_8), NO_HANG);
        assertThat(reply.status()).as(reply.body()).isEqualTo(202);
        var origin = "http://127.0.0.1:" + app.port();
        assertThat(reply.header("Location")).startsWith(origin + "/api/jobs/").endsWith("/status");
        assertThat(reply.header("Operation-Location")).startsWith(origin + "/api/jobs/");
        var status = "GET " + reply.header("Location").substring(origin.length()) + " HTTP/1.0\r\n\r\n";
        assertThat(RawHttp.send(app.port(), status.getBytes(StandardCharsets.UTF_8), NO_HANG).status()).isIn(202, 303);
    }

    private static int jobCount() throws Exception {
        var list = "GET /api/jobs?maxpagesize=100 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
        var body = RawHttp.send(app.port(), list.getBytes(StandardCharsets.UTF_8), NO_HANG).body();
        return body.split("\"id\"", -1).length - 1;
    }
}
