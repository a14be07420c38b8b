package io.github.asyncjobs.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.github.asyncjobs.testing.Jobs;
import io.github.asyncjobs.testing.LogCapture;
import io.github.asyncjobs.testing.Metrics;
import io.github.asyncjobs.testing.ScriptedHostResolver;
import io.github.asyncjobs.testing.TestGates;
import io.github.asyncjobs.testing.WebhookReceiver;
import io.github.asyncjobs.testing.WebhookReceiver.Reply;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;

/**
 * Completion notifications through HTTP: a job names a local receiver, which answers as each test scripts it; what
 * arrives is checked field by field, and the monitor says how the delivery stands. Attempts time out after 1 s and are
 * retried after 100 ms to 5 s here (application.properties, %test).
 */
@QuarkusTest
class CallbackTest {

    @Inject
    ScriptedHostResolver resolver;

    @Test
    void aFailingThenSlowReceiverGetsTheSameSignedEventOnTheThirdAttempt() {
        try (var receiver = WebhookReceiver.start()) {
            receiver.answer(Reply.status(500), Reply.status(202).after(Duration.ofSeconds(3)), Reply.status(202));
            var delivered = Metrics.sum("jobs_callbacks_total{outcome=\"delivered\"");
            var accepted = submit(Map.of("type", "echo", "input", Map.of("id", "1234", "customername", "Contoso")), receiver);
            String id = accepted.path("id");

            var monitor = awaitCallback(id, "Delivered");
            assertThat(monitor.<Integer> path("callback.attempts")).isEqualTo(3);
            assertThat(monitor.<String> path("callback.url")).isEqualTo(receiver.url());
            var attempts = receiver.received();
            assertThat(attempts).hasSize(3);
            var eventId = attempts.get(0).json().path("id").asText();
            assertThat(attempts).allSatisfy(attempt -> {
                assertThat(attempt.method()).isEqualTo("POST");
                assertThat(attempt.header("Content-Type")).isEqualTo("application/cloudevents+json");
                assertThat(attempt.json().path("id").asText()).as("one event id for every attempt").isEqualTo(eventId);
                assertThat(attempt.header("webhook-id")).isEqualTo(eventId);
                assertThat(attempt.signedWith(WebhookReceiver.SECRET)).as("signature").isTrue();
                assertThat(attempt.signedWith("whsec_" + "A".repeat(32))).as("signature with another secret").isFalse();
            });

            var event = attempts.get(2).json();
            assertThat(event.path("specversion").asText()).isEqualTo("1.0");
            assertThat(UUID.fromString(eventId)).isNotNull();
            assertThat(event.path("source").asText()).isEqualTo(accepted.header("Operation-Location"));
            assertThat(event.path("type").asText()).isEqualTo("io.github.asyncjobs.job.succeeded");
            assertThat(event.path("subject").asText()).isEqualTo(id);
            assertThat(OffsetDateTime.parse(event.path("time").asText()).toInstant())
                    .isEqualTo(Instant.parse(monitor.path("lastUpdatedDateTime")));
            assertThat(event.path("datacontenttype").asText()).isEqualTo("application/json");
            var data = event.path("data");
            assertThat(data.path("id").asText()).isEqualTo(id);
            assertThat(data.path("type").asText()).isEqualTo("echo");
            assertThat(data.path("status").asText()).isEqualTo("Succeeded");
            assertThat(data.path("percentComplete").asInt()).isEqualTo(100);
            assertThat(data.has("callback")).as("the notification's own state is not part of it").isFalse();
            given().urlEncodingEnabled(false).get(data.path("resourceLocation").asText())
                    .then().statusCode(200).body("customername", equalTo("Contoso"));
            assertThat(Metrics.sum("jobs_callbacks_total{outcome=\"delivered\"")).isEqualTo(delivered + 1);
        }
    }

    @Test
    void aReceiverThatIsGoneIsNotAskedAgain() {
        assertOneAttemptThenGaveUp(410);
    }

    @Test
    void aReceiverThatRefusesTheEventIsNotAskedAgain() {
        assertOneAttemptThenGaveUp(400);
    }

    private static void assertOneAttemptThenGaveUp(int status) {
        try (var receiver = WebhookReceiver.start()) {
            receiver.otherwise(Reply.status(status));
            String id = submit(Map.of("type", "echo", "input", Map.of("n", 1)), receiver).path("id");
            // GaveUp is final (the dispatcher never looks at such a delivery again), so one attempt now is one for good.
            assertThat(awaitCallback(id, "GaveUp").<Integer> path("callback.attempts")).isEqualTo(1);
            assertThat(receiver.received()).hasSize(1);
        }
    }

    @Test
    void aRedirectIsAnAnswerNotAWayElsewhere() {
        try (var receiver = WebhookReceiver.start(); var elsewhere = WebhookReceiver.start()) {
            receiver.otherwise(Reply.status(307).with("Location", elsewhere.url()));
            String id = submit(Map.of("type", "echo", "input", Map.of("n", 4)), receiver).path("id");
            assertThat(awaitCallback(id, "GaveUp").<Integer> path("callback.attempts")).isEqualTo(1);
            assertThat(receiver.received()).hasSize(1);
            assertThat(elsewhere.received()).as("following the redirect would pass the address checks by").isEmpty();
        }
    }

    @Test
    void aHostThatResolvesToLoopbackLaterIsNeverConnectedTo() throws IOException {
        // Public at accept and at the first attempt (which connects to that address and fails: nothing answers there),
        // loopback from then on, as a name whose owner rebinds it would be. Each attempt looks the name up once and
        // connects to what it checked, so nothing ever connects to the loopback port; the second attempt is refused.
        try (var loopback = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            loopback.configureBlocking(false);
            resolver.script("rebinding.test", "203.0.113.10", "203.0.113.10", "127.0.0.1");
            var url = "https://rebinding.test:" + loopback.socket().getLocalPort() + "/hooks";
            var request = Map.of("type", "echo", "input", Map.of("n", 5), "callback", Map.of("url", url));
            String id = given().contentType(ContentType.JSON).body(request).post("/api/jobs").then().statusCode(202).extract().path("id");
            assertThat(awaitCallback(id, "GaveUp").<Integer> path("callback.attempts")).isEqualTo(1);
            assertThat(resolver.lookups("rebinding.test")).as("at accept and once before each of two attempts").isEqualTo(3);
            assertThat(loopback.accept()).as("a connection to the loopback address").isNull();
        }
    }

    @Test
    void aSlowReceiverHoldsNoMoreThanItsHostsShareOfDeliveriesWhileOtherHostsAreNotified() {
        resolver.script("slow.test", "127.0.0.1");
        try (var slow = WebhookReceiver.start(); var other = WebhookReceiver.start()) {
            slow.otherwise(Reply.status(202).after(Duration.ofMillis(600)));
            var slowUrl = slow.url().replace("127.0.0.1", "slow.test");
            var slowJobs = IntStream.range(0, 10).mapToObj(n -> submitWithCallback(n, slowUrl)).toList();
            var otherJob = submitWithCallback(10, other.url());
            awaitCallback(otherJob, "Delivered");
            slowJobs.forEach(id -> awaitCallback(id, "Delivered"));
            // jobs.callbacks.per-host-concurrency: 4 by default; the open service's one caller may have 8.
            assertThat(slow.maxInFlight()).isBetween(1, 4);
            assertThat(other.received()).hasSize(1);
        }
    }

    private static String submitWithCallback(int n, String url) {
        var request = Map.of("type", "echo", "input", Map.of("n", n), "callback", Map.of("url", url));
        return given().contentType(ContentType.JSON).body(request).post("/api/jobs").then().statusCode(202).extract().path("id");
    }

    @Test
    void theLogNamesTheReceiversHostButNeverItsPathTheSecretItsAnswerOrTheEvent() {
        try (var receiver = WebhookReceiver.start(); var log = LogCapture.all()) {
            receiver.answer(Reply.status(500).body("receiver-private-detail"), Reply.status(202));
            var url = receiver.url() + "/s3cr3t-path-token?sig=s3cr3t-query-token";
            var request = Map.of("type", "echo", "input", Map.of("customer", "private-input-value"), "callback", Map.of("url", url));
            String id = given().contentType(ContentType.JSON).body(request).post("/api/jobs").then().statusCode(202).extract().path("id");
            awaitCallback(id, "Delivered");
            var eventId = receiver.received().get(0).json().path("id").asText();

            assertThat(log.containing(id)).anySatisfy(line -> assertThat(line).contains("Notified 127.0.0.1"));
            assertThat(log.text()).doesNotContain("s3cr3t-path-token", "s3cr3t-query-token", WebhookReceiver.SECRET,
                    "receiver-private-detail", "private-input-value", eventId);
        }
    }

    @Test
    void aBusyReceiverIsAskedAgainNoSoonerThanItsRetryAfter() {
        try (var receiver = WebhookReceiver.start()) {
            receiver.answer(Reply.status(429).with("Retry-After", "2"));
            String id = submit(Map.of("type", "echo", "input", Map.of("n", 2)), receiver).path("id");
            assertThat(awaitCallback(id, "Delivered").<Integer> path("callback.attempts")).isEqualTo(2);
            var attempts = receiver.received();
            // Without the Retry-After, the retry would come within the 100 ms back-off (at the latest with the next 1 s sweep).
            assertThat(Duration.between(attempts.get(0).at(), attempts.get(1).at())).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
        }
    }

    @Test
    void aCanceledJobIsToldAsCanceledAndPendingUntilThen() {
        try (var receiver = WebhookReceiver.start()) {
            var gate = TestGates.newGate();
            String id = submit(Map.of("type", "test-gated", "input", Map.of("gate", gate)), receiver).path("id");
            Jobs.awaitStatus(id, "Running");
            Jobs.monitor(id).then().body("callback.status", equalTo("Pending")).body("callback.attempts", equalTo(0));
            assertThat(receiver.received()).isEmpty();

            given().delete("/api/jobs/" + id).then().statusCode(200).body("callback.status", equalTo("Pending"));
            TestGates.open(gate);
            awaitCallback(id, "Delivered");
            var event = receiver.received().get(0).json();
            assertThat(event.path("type").asText()).isEqualTo("io.github.asyncjobs.job.canceled");
            assertThat(event.path("data").path("status").asText()).isEqualTo("Canceled");
            assertThat(event.path("data").has("resourceLocation")).isFalse();
        }
    }

    @Test
    void aFailedJobIsToldAsFailedWithItsError() {
        try (var receiver = WebhookReceiver.start()) {
            String id = submit(Map.of("type", "test-flaky", "input", Map.of("failures", 0, "permanent", true)), receiver).path("id");
            awaitCallback(id, "Delivered");
            JsonNode event = receiver.received().get(0).json();
            assertThat(event.path("type").asText()).isEqualTo("io.github.asyncjobs.job.failed");
            assertThat(event.path("data").path("status").asText()).isEqualTo("Failed");
            assertThat(event.path("data").path("error").path("code").asText()).isEqualTo("BadData");
        }
    }

    @Test
    void aJobWithoutACallbackShowsNone() {
        var id = Jobs.submit("echo", Map.of("n", 3));
        Jobs.awaitStatus(id, "Succeeded");
        Jobs.monitor(id).then().body("containsKey('callback')", equalTo(false));
    }

    private static ExtractableResponse<Response> submit(Map<String, Object> body, WebhookReceiver receiver) {
        var request = new HashMap<>(body);
        request.put("callback", Map.of("url", receiver.url()));
        return given().contentType(ContentType.JSON).body(request).post("/api/jobs")
                .then().statusCode(202).body("callback.status", equalTo("Pending")).extract();
    }

    private static ExtractableResponse<Response> awaitCallback(String id, String status) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> status.equals(Jobs.monitor(id).path("callback.status")));
        return Jobs.monitor(id).then().statusCode(200).extract();
    }
}
