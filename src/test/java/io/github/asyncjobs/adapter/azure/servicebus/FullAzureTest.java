package io.github.asyncjobs.adapter.azure.servicebus;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.asyncjobs.testing.Jobs;
import io.github.asyncjobs.testing.azure.AzuriteResource;
import io.github.asyncjobs.testing.azure.FullAzureProfile;
import io.github.asyncjobs.testing.azure.HttpsDownloads;
import io.github.asyncjobs.testing.azure.ServiceBusBrokerResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.config.RedirectConfig;

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
}
