package io.github.asyncjobs.packaged;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import static io.restassured.RestAssured.given;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.asyncjobs.testing.WebhookReceiver;
import io.github.asyncjobs.testing.WebhookReceiver.Reply;
import io.restassured.http.ContentType;

/**
 * Notifications survive a restart of the embedded default: one whose receiver fails (503), then after the service was
 * killed and restarted does not answer in time, then answers 410, is retried across the restart and given up at the
 * 410; one armed by an API-only instance that was killed before its job ran is sent once a processing instance finishes
 * the job. The event id stays the same throughout.
 */
class CallbackDeliveryIT {

    private static final Map<String, String> CALLBACKS = Map.of("jobs.callbacks.allowed-hosts", "127.0.0.1",
            "jobs.callbacks.initial-backoff", "200ms", "jobs.callbacks.max-backoff", "1s", "jobs.callbacks.check-interval", "1s",
            "jobs.callbacks.attempt-timeout", "1s");

    @Test
    void deliveriesResumeAfterAKillAndARestart() throws Exception {
        var dataDir = Files.createTempDirectory(Path.of("target"), "callback-it-").toAbsolutePath().resolve("data");
        try (var failing = WebhookReceiver.start().otherwise(Reply.status(503));
                var later = WebhookReceiver.start()) {
            String retried;
            String armed;
            try (var app = PackagedApp.start(dataDir, CALLBACKS)) {
                retried = submit(app, failing);
                await().atMost(Duration.ofSeconds(30)).until(() -> failing.received().size() >= 2);
                app.kill();
            }
            try (var app = PackagedApp.start(dataDir, with(CALLBACKS, "jobs.processor.enabled", "false"))) {
                armed = submit(app, later);
                app.kill();
            }
            assertThat(later.received()).as("the job never ran before the kill").isEmpty();
            // From now on: one answer too late for the attempt timeout (to be asked again), then gone for good.
            failing.answer(Reply.status(202).after(Duration.ofSeconds(3))).otherwise(Reply.status(410));
            int attemptsBeforeTheRestart = failing.received().size();

            try (var app = PackagedApp.start(dataDir, CALLBACKS)) {
                awaitCallback(app, retried, "GaveUp");
                awaitCallback(app, armed, "Delivered");
                int attempts = given().baseUri(app.baseUrl()).get("/api/jobs/" + retried).path("callback.attempts");
                // An attempt is counted when it is claimed, before it is sent: one cut off by a kill counts whether or not
                // it reached the receiver (the API-only instance may have claimed one before it was killed).
                assertThat(attempts).isGreaterThanOrEqualTo(failing.received().size());
                assertThat(failing.received().size()).as("the late answer and the 410, after the restart")
                        .isEqualTo(attemptsBeforeTheRestart + 2);
            }
            var first = failing.received().get(0).json();
            var last = failing.received().get(failing.received().size() - 1).json();
            assertThat(last.path("id")).as("one event id across the restart").isEqualTo(first.path("id"));
            assertThat(last.path("subject").asText()).isEqualTo(retried);
            assertThat(last.path("type").asText()).isEqualTo("io.github.asyncjobs.job.succeeded");
            assertThat(later.received()).singleElement().satisfies(event -> {
                assertThat(event.json().path("subject").asText()).isEqualTo(armed);
                assertThat(event.json().path("data").path("status").asText()).isEqualTo("Succeeded");
            });
        }
    }

    private static void awaitCallback(PackagedApp app, String id, String status) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> status.equals(given().baseUri(app.baseUrl()).get("/api/jobs/" + id).path("callback.status")));
    }

    private static String submit(PackagedApp app, WebhookReceiver receiver) {
        return given().baseUri(app.baseUrl()).contentType(ContentType.JSON)
                .body(Map.of("type", "echo", "input", Map.of("n", 1), "callback", Map.of("url", receiver.url())))
                .post("/api/jobs").then().statusCode(202).extract().path("id");
    }

    private static Map<String, String> with(Map<String, String> settings, String key, String value) {
        var more = new HashMap<>(settings);
        more.put(key, value);
        return more;
    }
}
