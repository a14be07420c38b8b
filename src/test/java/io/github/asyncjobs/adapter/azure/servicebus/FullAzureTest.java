package io.github.asyncjobs.adapter.azure.servicebus;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.asyncjobs.testing.Jobs;
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
        assertThat(location).startsWith(AzuriteResource.azurite().endpoint()).contains("skoid=");
        var download = HttpsDownloads.get(location);
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).contains("\"customername\":\"Contoso\"");
        assertThat(ServiceBusBrokerResource.broker().enqueued(ServiceBusBrokerResource.QUEUE)).anyMatch(m -> m.messageId().equals(id));
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
            assertThat(result).startsWith(AzuriteResource.azurite().endpoint()).contains("skoid=");
            assertThat(HttpsDownloads.get(result).body()).contains("\"id\":\"5678\"");

            var container = Azurite.container(AzuriteResource.azurite().endpoint(), AzuriteResource.container());
            assertThat(container.getBlobClient("callbacks/" + id + ".json").downloadContent().toString()).contains("\"Delivered\"");
            await().until(() -> !container.getBlobClient("pending-callbacks/" + id).exists());
        }
    }
}
