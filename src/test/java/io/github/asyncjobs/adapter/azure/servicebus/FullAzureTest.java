package io.github.asyncjobs.adapter.azure.servicebus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import io.github.asyncjobs.testing.Jobs;
import io.github.asyncjobs.testing.Management;
import io.github.asyncjobs.testing.WebhookReceiver;
import io.github.asyncjobs.testing.WebhookReceiver.Reply;
import io.github.asyncjobs.testing.azure.Azurite;
import io.github.asyncjobs.testing.azure.AzuriteResource;
import io.github.asyncjobs.testing.azure.FullAzureProfile;
import io.github.asyncjobs.testing.azure.HttpsDownloads;
import io.github.asyncjobs.testing.azure.ServiceBusBrokerResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.config.RedirectConfig;
import io.restassured.http.ContentType;

/** Full Azure mode: the job travels through Service Bus and its result through Blob Storage with a user-delegation SAS. */
@QuarkusTest
@TestProfile(FullAzureProfile.class)
class FullAzureTest {

    @Test
    void aJobSucceedsEndToEnd() {
        var id = Jobs.submit("echo", Map.of("id", "1234", "customername", "Contoso"));
        Jobs.awaitStatus(id, "Succeeded");
        var location = given().config(RestAssured.config().redirect(RedirectConfig.redirectConfig().followRedirects(false)))
                .get("/api/jobs/" + id + "/status").then().statusCode(303).extract().header("Location");
        assertThat(location).startsWith(AzuriteResource.endpoint()).contains("skoid=");
        var download = HttpsDownloads.get(location);
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).contains("\"customername\":\"Contoso\"");
        assertThat(ServiceBusBrokerResource.broker().enqueued(ServiceBusBrokerResource.QUEUES)).anyMatch(m -> m.messageId().equals(id));
    }

    /** The delivery state lives in Blob Storage, and the event carries a user-delegation SAS of the result. */
    @Test
    void aCallbackIsDeliveredFromBlobStorage() {
        try (var receiver = WebhookReceiver.start()) {
            receiver.answer(Reply.status(503));
            String id = given().contentType(ContentType.JSON)
                    .body(Map.of("type", "echo", "input", Map.of("id", "5678"), "callback", Map.of("url", receiver.url())))
                    .post("/api/jobs").then().statusCode(202).body("callback.status", equalTo("Pending")).extract().path("id");
            await().atMost(Duration.ofSeconds(30)).until(() -> "Delivered".equals(Jobs.monitor(id).path("callback.status")));
            Jobs.monitor(id).then().body("callback.attempts", equalTo(2));

            var attempts = receiver.received();
            assertThat(attempts).hasSize(2);
            assertThat(attempts.get(1).json().path("id")).isEqualTo(attempts.get(0).json().path("id"));
            var event = attempts.get(1).json();
            assertThat(event.path("type").asText()).isEqualTo("io.github.asyncjobs.job.succeeded");
            assertThat(event.path("subject").asText()).isEqualTo(id);
            var result = event.path("data").path("resourceLocation").asText();
            assertThat(result).startsWith(AzuriteResource.endpoint()).contains("skoid=");
            assertThat(HttpsDownloads.get(result).body()).contains("\"id\":\"5678\"");

            var container = Azurite.container(AzuriteResource.endpoint(), AzuriteResource.container());
            assertThat(container.getBlobClient("callbacks/" + id + ".json").downloadContent().toString()).contains("\"Delivered\"");
            await().until(() -> !container.getBlobClient("pending-callbacks/" + id).exists());
        }
    }

    /**
     * Service Bus Standard takes messages of 256 KB: a 250 KiB job fits and runs; one whose body is within the request
     * limit but whose message would not fit is refused with 413 naming the limit, before anything is kept; neither
     * takes the queue down for the callers after it (a refusal is no outage: the breaker and readiness never see it).
     */
    @Test
    void aJobTooLargeForTheQueueIsRefusedBeforeAnythingIsKeptAndHurtsNoOne() {
        var since = Instant.now();
        var large = "x".repeat(250 * 1024);
        var id = Jobs.submit("echo", Map.of("large", large));
        Jobs.awaitStatus(id, "Succeeded");
        var enqueued = ServiceBusBrokerResource.broker().enqueued(ServiceBusBrokerResource.QUEUES).size();

        var tooLarge = "x".repeat(262_144 - 40);
        given().contentType(ContentType.JSON).body(Map.of("type", "echo", "input", Map.of("l", tooLarge))).post("/api/jobs")
                .then().statusCode(413).contentType("application/problem+json")
                .body("type", equalTo("urn:async-jobs:problem:request-too-large"))
                .body("detail", containsString("at most 262,144 bytes per message"));
        assertThat(ServiceBusBrokerResource.broker().enqueued(ServiceBusBrokerResource.QUEUES)).hasSize(enqueued);
        given().queryParam("createdAfter", since.toString()).queryParam("type", "echo").get("/api/jobs")
                .then().statusCode(200).body("value.id", contains(id));

        for (int i = 0; i < 100; i++) {
            Jobs.submit("echo", Map.of("n", i));
        }
        Management.management().get("/q/health/ready").then().statusCode(200);
    }

    /**
     * A replay is not told its job was accepted while the first request may still take the job back: here its send is
     * slow, then fails, and the first request answers 503 and removes the job. The replay meanwhile gets 409; a retry
     * afterwards is a new request, and is accepted.
     */
    @Test
    void aReplayWaitsUntilTheFirstRequestCanNoLongerTakeTheJobBack() {
        var broker = ServiceBusBrokerResource.broker();
        var key = "slow-" + UUID.randomUUID();
        var body = Map.of("type", "echo", "input", Map.of("slow", true));
        broker.failSendsAfter(Duration.ofSeconds(1));
        try {
            var first = CompletableFuture.supplyAsync(() -> given().contentType(ContentType.JSON).header("Idempotency-Key", key)
                    .body(body).post("/api/jobs"));
            await().atMost(Duration.ofSeconds(10)).until(() -> broker.heldSends() > 0);
            given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(body).post("/api/jobs")
                    .then().statusCode(409).header("Retry-After", notNullValue())
                    .body("type", equalTo("urn:async-jobs:problem:request-in-progress"));
            first.join().then().statusCode(503);
        } finally {
            broker.failSendsAfter(null);
        }
        String id = given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(body).post("/api/jobs")
                .then().statusCode(202).extract().path("id");
        Jobs.awaitStatus(id, "Succeeded");
    }
}
