package io.github.asyncjobs.packaged;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.asyncjobs.testing.servicebus.QueueSettings;
import io.github.asyncjobs.testing.servicebus.TestServiceBus;
import io.restassured.http.ContentType;

/** The packaged service (JAR, or the native executable when built) carries jobs through Service Bus over AMQP. */
class ServiceBusPackagedIT {

    @Test
    void aJobTravelsThroughServiceBus() throws Exception {
        var dataDir = Files.createTempDirectory(Path.of("target"), "servicebus-it-").toAbsolutePath();
        try (var broker = TestServiceBus.start()) {
            broker.createJobQueues("jobs", QueueSettings.asDeployed());
            // Open deliberately (jobs.auth.enabled=false, which the prod profile wants said in Azure mode): this is about the transport.
            try (var app = PackagedApp.start(dataDir, Map.of("jobs.queue.connector", "azure-servicebus",
                    "jobs.queue.servicebus.connection-string", broker.connectionString(), "jobs.auth.enabled", "false"))) {
                String id = given().baseUri(app.baseUrl()).contentType(ContentType.JSON)
                        .body("{\"type\": \"echo\", \"input\": {\"id\": \"1234\"}}")
                        .post("/api/jobs").then().statusCode(202).extract().path("id");
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                        .until(() -> "Succeeded".equals(given().baseUri(app.baseUrl()).get("/api/jobs/" + id).path("status")));
                await().until(() -> broker.enqueued(TestServiceBus.jobQueues("jobs")).stream().anyMatch(m -> m.messageId().equals(id)));
            }
        }
    }
}
