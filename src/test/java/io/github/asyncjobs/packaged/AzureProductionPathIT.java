package io.github.asyncjobs.packaged;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.asyncjobs.testing.azure.Azurite;
import io.github.asyncjobs.testing.azure.HttpsDownloads;
import io.github.asyncjobs.testing.identity.EntraIdStandIn;
import io.github.asyncjobs.testing.identity.ManagedIdentityEndpoint;
import io.github.asyncjobs.testing.identity.TestTokens;
import io.github.asyncjobs.testing.net.TcpForwarder;
import io.github.asyncjobs.testing.servicebus.QueueSettings;
import io.github.asyncjobs.testing.servicebus.TestServiceBus;
import io.github.asyncjobs.testing.servicebus.TlsFront;

/**
 * The shape that ships, as an operator runs it: the packaged application (the native executable with -Dnative) in full
 * Azure mode, configured only through environment variables and trust-store settings, getting its tokens through the
 * unchanged DefaultAzureCredential from a managed-identity endpoint, with Blob Storage (Azurite over HTTPS with OAuth)
 * and Service Bus through a namespace over AMQPS (the test broker behind TLS on 5671), as two processes: the api
 * (acceptor only) and the worker (processor only), with callers authenticated by Entra ID bearer tokens (a local
 * issuer the service discovers and checks as it would Entra ID). The whole contract, errors included, through HTTP.
 */
class AzureProductionPathIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Short, so that a job accepted while no worker runs expires in the queue during the test. */
    private static final Duration TIME_TO_LIVE = Duration.ofSeconds(15);

    private static Azurite azurite;
    private static TestServiceBus broker;
    private static TcpForwarder tls;
    private static ManagedIdentityEndpoint identity;
    private static EntraIdStandIn entraId;
    /** The caller every request is made as, unless a test says otherwise. */
    private static String client;
    private static Path dataDir;

    @BeforeAll
    static void startTheStandIns() throws IOException {
        broker = TestServiceBus.start();
        try {
            tls = TlsFront.start(certificateAfterInstall(), Azurite.STORE_PASSWORD, broker.port(), Duration.ZERO);
        } catch (IOException e) {
            broker.close();
            Assumptions.abort("Port " + TlsFront.AMQPS_PORT + " (AMQPS, fixed by the Service Bus SDK) cannot be had here: "
                    + e.getMessage() + "; not falling back to a connection string");
        }
        broker.createQueue("jobs", QueueSettings.defaults().withLockDuration(Duration.ofSeconds(30)).withMaxDeliveryCount(10));
        identity = ManagedIdentityEndpoint.start();
        entraId = EntraIdStandIn.start();
        client = entraId.token("Jobs.Submit", "Jobs.Read").bearer();
        Azurite.createContainer(azurite.endpoint(), "jobs");
        dataDir = Files.createTempDirectory(Path.of("target"), "azure-production-it-").toAbsolutePath();
    }

    /** Azurite makes its certificate when it first starts; the TLS front serves the same one. */
    private static Path certificateAfterInstall() {
        azurite = Azurite.start();
        return Azurite.certificate();
    }

    @AfterAll
    static void stopTheStandIns() throws IOException {
        if (identity != null) {
            identity.close();
        }
        if (entraId != null) {
            entraId.close();
        }
        if (tls != null) {
            tls.close();
        }
        if (broker != null) {
            broker.close();
        }
        if (azurite != null) {
            azurite.stop();
        }
    }

    @Test
    void theWholeContractInFullAzureModeThroughTheProductionCredentialPath() throws Exception {
        try (var api = start("api", Map.of("JOBS_PROCESSOR_ENABLED", "false"))) {
            // Only callers with a token for this API; another caller does not see the job.
            assertProblem(send(api, "POST", "/api/jobs", "{\"type\":\"echo\",\"input\":{}}", Map.of("Authorization", "")), 401);
            var mine = submit(api, "{\"type\":\"echo\",\"input\":{\"mine\":true}}", Map.of());
            assertProblem(send(api, "GET", "/api/jobs/" + mine, null,
                    Map.of("Authorization", entraId.token("Jobs.Submit", "Jobs.Read").bearer())), 404);

            // Unknown jobs: 404 problems, read from Blob Storage's own 404 answers.
            var unknown = UUID.randomUUID();
            assertProblem(send(api, "GET", "/api/jobs/" + unknown, null, Map.of()), 404);
            assertProblem(send(api, "GET", "/api/jobs/" + unknown + "/status", null, Map.of()), 404);
            assertProblem(send(api, "DELETE", "/api/jobs/" + unknown, null, Map.of()), 404);

            // Accepted while no worker runs: this one will expire in the queue and be dead-lettered by the broker.
            var expiring = submit(api, "{\"type\":\"echo\",\"input\":{\"expires\":true}}", Map.of("Idempotency-Key", "order-1"));
            var expiresAt = Instant.now().plus(TIME_TO_LIVE);

            // Idempotency: a replay answers the same job; the same key with another body is a conflict.
            assertThat(submit(api, "{\"type\":\"echo\",\"input\":{\"expires\":true}}", Map.of("Idempotency-Key", "order-1")))
                    .isEqualTo(expiring);
            assertProblem(send(api, "POST", "/api/jobs", "{\"type\":\"echo\",\"input\":{\"other\":1}}", Map.of("Idempotency-Key", "order-1")), 422);

            // Cancel, and concurrent cancels of another job: ETag conflicts (412) are retried, never a 503.
            var canceled = submit(api, "{\"type\":\"echo\",\"input\":{\"cancel\":1}}", Map.of());
            assertThat(status(send(api, "DELETE", "/api/jobs/" + canceled, null, Map.of()), 200)).isEqualTo("Canceled");
            var contended = submit(api, "{\"type\":\"echo\",\"input\":{\"cancel\":2}}", Map.of());
            var cancels = IntStream.range(0, 12).mapToObj(i -> CompletableFuture.supplyAsync(
                    () -> send(api, "DELETE", "/api/jobs/" + contended, null, Map.of()))).toList();
            assertThat(cancels).allSatisfy(cancel -> assertThat(cancel.join().statusCode()).isEqualTo(200));
            assertThat(status(send(api, "GET", "/api/jobs/" + contended, null, Map.of()), 200)).isEqualTo("Canceled");

            await().atMost(Duration.ofSeconds(60)).until(() -> Instant.now().isAfter(expiresAt));
            try (var worker = start("worker", Map.of("JOBS_ACCEPTOR_ENABLED", "false"))) {
                assertProblem(send(worker, "GET", "/api/jobs/" + expiring, null, Map.of()), 404);

                // The happy path: accepted by the api, run by the worker, downloaded through a user-delegation SAS.
                var done = submit(api, "{\"type\":\"echo\",\"input\":{\"id\":\"1234\",\"customername\":\"Contoso\"}}", Map.of());
                await().atMost(Duration.ofSeconds(60)).until(() -> "Succeeded".equals(status(send(api, "GET", "/api/jobs/" + done, null, Map.of()), 200)));
                var redirect = send(api, "GET", "/api/jobs/" + done + "/status", null, Map.of());
                assertThat(redirect.statusCode()).isEqualTo(303);
                var sas = redirect.headers().firstValue("Location").orElseThrow();
                assertThat(sas).startsWith(azurite.endpoint()).contains("skoid=" + TestTokens.OBJECT_ID, "sig=");
                var download = HttpsDownloads.get(sas);
                assertThat(download.statusCode()).isEqualTo(200);
                assertThat(JSON.readTree(download.body())).isEqualTo(JSON.readTree("{\"id\":\"1234\",\"customername\":\"Contoso\"}"));
                assertThat(HttpsDownloads.get(sas.replaceAll("sig=[^&]+", "sig=AAAA")).statusCode()).isEqualTo(403);

                // The expired message went to the dead-letter queue; the worker failed its job with the broker's reason.
                await().atMost(Duration.ofSeconds(60)).until(() -> "Failed".equals(status(send(api, "GET", "/api/jobs/" + expiring, null, Map.of()), 200)));
                assertThat(json(send(api, "GET", "/api/jobs/" + expiring, null, Map.of())).path("error").path("code").asText())
                        .isEqualTo("TTLExpiredException");
                assertProblem(send(api, "DELETE", "/api/jobs/" + done, null, Map.of()), 409);
                assertThat(status(send(api, "GET", "/api/jobs/" + canceled, null, Map.of()), 200)).isEqualTo("Canceled");
            }
        }
        assertThat(identity.tokensIssued("https://storage.azure.com")).as("Blob tokens from the managed identity").isPositive();
        assertThat(identity.tokensIssued("https://servicebus.azure.net")).as("Service Bus tokens from the managed identity").isPositive();
    }

    /**
     * After the namespace went away and came back, sends and receives work again by themselves: the SDK may keep a
     * connection the broker closed (seen in the outage drill), so clients that only fail are replaced.
     */
    @Test
    void afterABrokerOutageTheServiceSendsAndReceivesAgainByItself() throws Exception {
        try (var app = start("outage", Map.of("JOBS_QUEUE_SERVICEBUS_RECONNECT_AFTER", "3s"))) {
            var before = submit(app, "{\"type\":\"echo\",\"input\":{\"outage\":\"before\"}}", Map.of());
            await().atMost(Duration.ofSeconds(60)).until(() -> "Succeeded".equals(status(send(app, "GET", "/api/jobs/" + before, null, Map.of()), 200)));
            broker.stop();
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> HTTP.send(HttpRequest.newBuilder(
                        URI.create(app.managementUrl() + "/q/health/ready")).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 503);
                assertProblem(send(app, "POST", "/api/jobs", "{\"type\":\"echo\",\"input\":{\"outage\":\"during\"}}", Map.of()), 503);
            } finally {
                broker.restart();
            }
            var after = new String[1];
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                var response = send(app, "POST", "/api/jobs", "{\"type\":\"echo\",\"input\":{\"outage\":\"after\"}}", Map.of());
                after[0] = response.statusCode() == 202 ? json(response).path("id").asText() : null;
                return after[0] != null;
            });
            await().atMost(Duration.ofMinutes(2)).until(() -> "Succeeded".equals(status(send(app, "GET", "/api/jobs/" + after[0], null, Map.of()), 200)));
        }
    }

    /** One role of the service, configured as Container Apps would configure it: environment and trust store only. */
    private PackagedApp start(String role, Map<String, String> roleEnvironment) throws IOException {
        var environment = new HashMap<>(identity.environment());
        environment.putAll(Map.of(
                "JOBS_STORAGE_BLOB_ENDPOINT", azurite.endpoint(),
                "JOBS_QUEUE_CONNECTOR", "azure-servicebus",
                "JOBS_QUEUE_SERVICEBUS_NAMESPACE", "127.0.0.1",
                "JOBS_TIME_TO_LIVE", TIME_TO_LIVE.toSeconds() + "s",
                "JOBS_EXPIRY_CHECK_INTERVAL", "1h",
                "JOBS_AUTH_ENABLED", "true",
                "JOBS_AUTH_ISSUER", entraId.issuer(),
                "JOBS_AUTH_AUDIENCE", EntraIdStandIn.AUDIENCE));
        environment.putAll(roleEnvironment);
        return PackagedApp.start(dataDir.resolve(role), Azurite.trustSettings(), environment);
    }

    private static String submit(PackagedApp app, String body, Map<String, String> headers) {
        var response = send(app, "POST", "/api/jobs", body, headers);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return json(response).path("id").asText();
    }

    private static HttpResponse<String> send(PackagedApp app, String method, String path, String body, Map<String, String> headers) {
        var request = HttpRequest.newBuilder(URI.create(app.baseUrl() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        var authorization = headers.getOrDefault("Authorization", client);
        if (!authorization.isEmpty()) {
            request.header("Authorization", authorization);
        }
        headers.forEach((name, value) -> {
            if (!name.equals("Authorization")) {
                request.header(name, value);
            }
        });
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String status(HttpResponse<String> response, int expected) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(expected);
        return json(response).path("status").asText();
    }

    private static void assertProblem(HttpResponse<String> response, int expected) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(expected);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(List.of("type", "title", "status")).allSatisfy(field -> assertThat(json(response).has(field)).isTrue());
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("Not JSON: " + response.body(), e);
        }
    }
}
