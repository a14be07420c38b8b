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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.asyncjobs.testing.WebhookReceiver;
import io.github.asyncjobs.testing.azure.Azurite;
import io.github.asyncjobs.testing.azure.HttpsDownloads;
import io.github.asyncjobs.testing.azure.RoleCheckingBlobFront;
import io.github.asyncjobs.testing.identity.EntraIdStandIn;
import io.github.asyncjobs.testing.identity.ManagedIdentityEndpoint;
import io.github.asyncjobs.testing.identity.ManagedIdentityEndpoint.Identity;
import io.github.asyncjobs.testing.infra.AppTemplate;
import io.github.asyncjobs.testing.net.TcpForwarder;
import io.github.asyncjobs.testing.rbac.AccessControl;
import io.github.asyncjobs.testing.rbac.Right;
import io.github.asyncjobs.testing.rbac.Scope;
import io.github.asyncjobs.testing.rbac.TemplateRoles;
import io.github.asyncjobs.testing.servicebus.QueueSettings;
import io.github.asyncjobs.testing.servicebus.TestServiceBus;
import io.github.asyncjobs.testing.servicebus.TlsFront;

/**
 * The shape that ships, as infra/ deploys it: the packaged application (the native executable with -Dnative) twice, as
 * the api and the worker, each with its own managed identity and exactly the environment {@code infra/api.bicep} and
 * {@code infra/worker.bicep} give it (read from them), getting tokens through the unchanged DefaultAzureCredential from
 * a managed-identity endpoint, against stand-ins as strict as Azure: Blob Storage (Azurite over HTTPS with OAuth, behind
 * a front that enforces roles) and Service Bus through a namespace over AMQPS (the test broker behind TLS on 5671,
 * enforcing claims), both allowing each identity only what {@code infra/modules/role-assignments.bicep} assigns it.
 * Callers are authenticated by Entra ID bearer tokens (a local issuer the service discovers and checks as it would Entra
 * ID). The whole contract, errors included, through HTTP; then that every role the templates grant was needed.
 */
class AzureProductionPathIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String QUEUE = "jobs";
    private static final String CONTAINER = "jobs";
    /**
     * What this test shortens so that it runs in seconds (in Azure the app's defaults apply), and lets through: the
     * webhook receiver of the test listens on loopback.
     */
    private static final Map<String, String> SHORTENED = Map.of(
            "JOBS_QUEUE_SEND_TIMEOUT", "3s",
            "JOBS_REQUEUE_AFTER", "4s",
            "JOBS_REQUEUE_CHECK_INTERVAL", "1s",
            "JOBS_QUEUE_SERVICEBUS_TRY_TIMEOUT", "3s",
            "JOBS_QUEUE_SERVICEBUS_HEALTH_INTERVAL", "1s",
            "JOBS_QUEUE_SERVICEBUS_DEAD_LETTER_POLL_INTERVAL", "1s",
            "JOBS_QUEUE_SERVICEBUS_RECONNECT_AFTER", "2s",
            "JOBS_CALLBACKS_ALLOWED_HOSTS", "127.0.0.1");
    private static final Identity API = Identity.named("api");
    private static final Identity WORKER = Identity.named("worker");

    private static Azurite azurite;
    private static RoleCheckingBlobFront blob;
    private static TestServiceBus broker;
    private static TcpForwarder tls;
    private static ManagedIdentityEndpoint identities;
    private static EntraIdStandIn entraId;
    private static AccessControl access;
    /** The caller every request is made as, unless a test says otherwise. */
    private static String client;
    private static Path dataDir;

    @BeforeAll
    static void startTheStandIns() throws IOException {
        access = AccessControl.ofTemplates(new TemplateRoles.Names(QUEUE, CONTAINER))
                .actAs(API.objectId(), "api").actAs(WORKER.objectId(), "worker");
        broker = TestServiceBus.start(access);
        try {
            tls = TlsFront.start(certificateAfterInstall(), Azurite.STORE_PASSWORD, broker.port(), Duration.ZERO);
        } catch (IOException e) {
            broker.close();
            Assumptions.abort("Port " + TlsFront.AMQPS_PORT + " (AMQPS, fixed by the Service Bus SDK) cannot be had here: "
                    + e.getMessage() + "; not falling back to a connection string");
        }
        broker.createJobQueues(QUEUE, QueueSettings.asDeployed().withLockDuration(Duration.ofSeconds(30)));
        identities = ManagedIdentityEndpoint.start(API, WORKER);
        entraId = EntraIdStandIn.start();
        client = entraId.token("Jobs.Submit", "Jobs.Read").bearer();
        // As the deployment creates it: on Azurite itself, not through the front (no app identity creates containers).
        Azurite.createContainer(azurite.endpoint(), CONTAINER);
        blob = RoleCheckingBlobFront.start(azurite, access);
        dataDir = Files.createTempDirectory(Path.of("target"), "azure-production-it-").toAbsolutePath();
    }

    /** Azurite makes its certificate when it first starts; the TLS fronts serve the same one. */
    private static Path certificateAfterInstall() {
        azurite = Azurite.start();
        return Azurite.certificate();
    }

    @AfterAll
    static void stopTheStandIns() throws IOException {
        for (var standIn : new AutoCloseable[] {identities, entraId, tls, broker, blob}) {
            try {
                if (standIn != null) {
                    standIn.close();
                }
            } catch (Exception e) {
                throw new IOException(e);
            }
        }
        if (azurite != null) {
            azurite.stop();
        }
    }

    @AfterEach
    void nothingTheTemplatesGrantWasMissing() {
        assertThat(access.refusals()).as("requests the roles of infra/modules/role-assignments.bicep did not allow").isEmpty();
    }

    @Test
    void theWholeContractInTheDeployedShapeWithTheRolesOfTheTemplates() throws Exception {
        var startingCrashing = CompletableFuture.supplyAsync(() -> startUnchecked("api-crashing", API,
                Map.of("JOBS_DRILL_HALT_BEFORE_QUEUEING", "1")));
        try (var api = start("api", API, Map.of()); var receiver = WebhookReceiver.start()) {
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

            // An api that halts (as if killed) between recording a job and queueing it: the job waits in the outbox. A
            // replay is not told it was accepted while the job could still be taken back; the requeue sweep sends it.
            var crashBody = "{\"type\":\"echo\",\"input\":{\"crash\":true}}";
            try (var crashing = startingCrashing.join()) {
                assertThat(sendOrNull(crashing, "POST", "/api/jobs", crashBody, Map.of("Idempotency-Key", "crash-1"))).isNull();
            }
            var inProgress = send(api, "POST", "/api/jobs", crashBody, Map.of("Idempotency-Key", "crash-1"));
            assertProblem(inProgress, 409);
            assertThat(json(inProgress).path("type").asText()).endsWith("request-in-progress");

            // Accepted while no worker runs: this one expires in the queue, and the broker dead-letters it.
            var expiring = submit(api, "{\"type\":\"echo\",\"input\":{\"expires\":true}}", Map.of("Idempotency-Key", "order-1"));
            expireNow(messageIdOf(expiring));
            // This one's deliveries are used up before it ever ran (as an outage of the store does): it is queued again.
            var exhausted = submit(api, "{\"type\":\"echo\",\"input\":{\"exhausted\":true}}", Map.of());
            exhaustDeliveries(messageIdOf(exhausted));

            // Idempotency: a replay answers the same job once it is queued; the same key with another body is a conflict.
            await().atMost(Duration.ofSeconds(30)).until(() -> send(api, "POST", "/api/jobs",
                    "{\"type\":\"echo\",\"input\":{\"expires\":true}}", Map.of("Idempotency-Key", "order-1")).statusCode() == 202);
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

            var notified = submit(api, "{\"type\":\"echo\",\"input\":{\"notify\":true},\"callback\":{\"url\":\"" + receiver.url() + "\"}}", Map.of());
            try (var worker = start("worker", WORKER, Map.of())) {
                // The worker serves no API, only health (it became ready to start here) and metrics.
                assertProblem(send(worker, "GET", "/api/jobs/" + expiring, null, Map.of()), 404);
                assertProblem(send(worker, "POST", "/api/jobs", "{\"type\":\"echo\",\"input\":{}}", Map.of()), 404);
                assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(worker.managementUrl() + "/q/metrics")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);

                // The happy path: accepted by the api, run by the worker, downloaded through a user-delegation SAS the
                // api signed.
                var done = submit(api, "{\"type\":\"echo\",\"input\":{\"id\":\"1234\",\"customername\":\"Contoso\"}}", Map.of());
                awaitStatus(api, done, "Succeeded");
                var redirect = send(api, "GET", "/api/jobs/" + done + "/status", null, Map.of());
                assertThat(redirect.statusCode()).isEqualTo(303);
                var sas = redirect.headers().firstValue("Location").orElseThrow();
                assertThat(sas).startsWith(blob.endpoint()).contains("skoid=" + API.objectId(), "sig=");
                assertDownloads(sas, "{\"id\":\"1234\",\"customername\":\"Contoso\"}");
                assertThat(HttpsDownloads.get(sas.replaceAll("sig=[^&]+", "sig=AAAA")).statusCode()).isEqualTo(403);

                // The completion notification, with a result URL the worker signed (a user delegation key of its own).
                awaitStatus(api, notified, "Succeeded");
                await().atMost(Duration.ofSeconds(60)).until(() -> !receiver.received().isEmpty());
                var event = receiver.received().get(0).json();
                assertThat(event.path("subject").asText()).isEqualTo(notified);
                var signedByWorker = event.path("data").path("resourceLocation").asText();
                assertThat(signedByWorker).contains("skoid=" + WORKER.objectId());
                assertDownloads(signedByWorker, "{\"notify\":true}");

                // The expired message went to the dead-letter queue; the worker failed its job with the broker's reason.
                awaitStatus(api, expiring, "Failed");
                assertThat(json(send(api, "GET", "/api/jobs/" + expiring, null, Map.of())).path("error").path("code").asText())
                        .isEqualTo("TTLExpiredException");
                // The job whose deliveries an outage used up, and the one the crashed api left in the outbox, both ran.
                awaitStatus(api, exhausted, "Succeeded");
                var recovered = new String[1];
                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    var replay = send(api, "POST", "/api/jobs", crashBody, Map.of("Idempotency-Key", "crash-1"));
                    recovered[0] = replay.statusCode() == 202 ? json(replay).path("id").asText() : null;
                    return recovered[0] != null;
                });
                awaitStatus(api, recovered[0], "Succeeded");

                assertProblem(send(api, "DELETE", "/api/jobs/" + done, null, Map.of()), 409);
                assertThat(status(send(api, "GET", "/api/jobs/" + canceled, null, Map.of()), 200)).isEqualTo("Canceled");
                var listed = json(send(api, "GET", "/api/jobs?maxpagesize=100", null, Map.of())).path("value");
                assertThat(listed.findValuesAsText("id")).contains(done, notified, expiring, exhausted, recovered[0], canceled, mine);
            }
        }
        assertThat(identities.tokensIssued("https://storage.azure.com")).as("Blob tokens from the managed identity").isPositive();
        assertThat(identities.tokensIssued("https://servicebus.azure.net")).as("Service Bus tokens from the managed identity").isPositive();
        everyRoleTheTemplatesGrantWasNeeded();
    }

    /**
     * Least privilege: each assignment allowed something its app used that no other of its roles allowed, and no
     * built-in role with fewer rights would have done. The exceptions are the ones the platform uses, not the apps'
     * code (docs/deployment.md): KEDA's Manage on the queue (the scaler identity) and AcrPull (the image pull).
     */
    private static void everyRoleTheTemplatesGrantWasNeeded() {
        assertThat(access.usedBy("api")).extracting(use -> use.right())
                .contains(Right.SEND, Right.BLOB_WRITE, Right.DELEGATION_KEY).doesNotContain(Right.LISTEN);
        assertThat(access.usedBy("worker")).extracting(use -> use.right())
                .contains(Right.LISTEN, Right.BLOB_WRITE, Right.DELEGATION_KEY).doesNotContain(Right.SEND);
        var judged = access.assignments().stream()
                .filter(assignment -> !assignment.identity().equals("scaler") && assignment.scope().kind() != Scope.Kind.REGISTRY)
                .toList();
        assertThat(judged).allSatisfy(assignment -> assertThat(access.usedBy(assignment.identity())).isNotEmpty());
        assertThat(access.findings()).as("roles granted beyond what the apps used")
                .filteredOn(finding -> judged.contains(finding.assignment())).isEmpty();
    }

    /**
     * After the namespace went away and came back, sends and receives work again by themselves: the SDK may keep a
     * connection the broker closed (seen in the outage drill), so clients that only fail are replaced.
     */
    @Test
    void afterABrokerOutageTheServiceSendsAndReceivesAgainByItself() throws Exception {
        var starting = CompletableFuture.supplyAsync(() -> startUnchecked("outage-worker", WORKER, Map.of()));
        try (var api = start("outage-api", API, Map.of()); var worker = starting.join()) {
            var before = submit(api, "{\"type\":\"echo\",\"input\":{\"outage\":\"before\"}}", Map.of());
            awaitStatus(api, before, "Succeeded");
            broker.stop();
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> HTTP.send(HttpRequest.newBuilder(
                        URI.create(api.managementUrl() + "/q/health/ready")).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 503);
                assertProblem(send(api, "POST", "/api/jobs", "{\"type\":\"echo\",\"input\":{\"outage\":\"during\"}}", Map.of()), 503);
            } finally {
                broker.restart();
            }
            var after = new String[1];
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                var response = send(api, "POST", "/api/jobs", "{\"type\":\"echo\",\"input\":{\"outage\":\"after\"}}", Map.of());
                after[0] = response.statusCode() == 202 ? json(response).path("id").asText() : null;
                return after[0] != null;
            });
            awaitStatus(api, after[0], "Succeeded");
        }
    }

    /**
     * One app as Container Apps runs it: its identity's managed-identity environment, the env array of its template
     * (evaluated with this test's stand-ins as the template's parameters), the shortened timings, and the trust store.
     * The public base URL is the ingress's address, which has no local equivalent: URLs are built from the request.
     */
    private PackagedApp start(String name, Identity identity, Map<String, String> more) throws IOException {
        return start(name, identity, more, Map.of());
    }

    /** @param config system properties beyond the trust store, which win over the environment */
    private PackagedApp start(String name, Identity identity, Map<String, String> more, Map<String, String> config)
            throws IOException {
        var template = name.startsWith("worker") || name.endsWith("-worker") ? "worker" : "api";
        var environment = new HashMap<>(AppTemplate.of(template).environment(Map.ofEntries(
                Map.entry("identityClientId", identity.clientId()),
                Map.entry("storageBlobEndpoint", blob.endpoint()),
                Map.entry("serviceBusNamespace", "127.0.0.1"),
                Map.entry("queueName", QUEUE),
                Map.entry("containerName", CONTAINER),
                Map.entry("maxMessageSize", String.valueOf(QueueSettings.STANDARD_MAX_MESSAGE_SIZE)),
                Map.entry("maxReplicas", "1"),
                Map.entry("authIssuer", entraId.issuer()),
                Map.entry("authAudience", EntraIdStandIn.AUDIENCE),
                Map.entry("consoleClientId", ""),
                Map.entry("name", "ca-" + template),
                Map.entry("containerAppsEnvironmentDefaultDomain", "example.invalid"))));
        environment.remove("JOBS_API_PUBLIC_BASE_URL");
        environment.putAll(identities.environment(identity));
        environment.putAll(SHORTENED);
        environment.putAll(more);
        var properties = new HashMap<>(Azurite.trustSettings());
        properties.putAll(config);
        return PackagedApp.start(dataDir.resolve(name), properties, environment);
    }

    private PackagedApp startUnchecked(String name, Identity identity, Map<String, String> more) {
        return startUnchecked(name, identity, more, Map.of());
    }

    private PackagedApp startUnchecked(String name, Identity identity, Map<String, String> more, Map<String, String> config) {
        try {
            return start(name, identity, more, config);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Two api instances, as the api scales out, hold a caller's limit of unfinished jobs together: the count is the
     * store's. No worker runs, so accepted jobs stay unfinished; the second instance, which accepted none of them,
     * refuses the caller's next job as the first does, and takes another caller's.
     */
    @Test
    void twoApiInstancesHoldACallersLimitOfUnfinishedJobsTogether() throws Exception {
        var limited = Map.of("jobs.limits.max-unfinished", "3");
        var startingSecond = CompletableFuture.supplyAsync(() -> startUnchecked("api-limited-2", API, Map.of(), limited));
        try (var first = start("api-limited-1", API, Map.of(), limited); var second = startingSecond.join()) {
            var caller = Map.of("Authorization", entraId.token("Jobs.Submit").bearer());
            for (int i = 0; i < 3; i++) {
                submit(first, "{\"type\":\"echo\",\"input\":{\"limited\":" + i + "}}", caller);
            }
            for (var api : List.of(first, second)) {
                var refused = send(api, "POST", "/api/jobs", "{\"type\":\"echo\",\"input\":{\"limited\":3}}", caller);
                assertProblem(refused, 429);
                assertThat(json(refused).path("type").asText()).endsWith("quota-exceeded");
                assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            }
            submit(second, "{\"type\":\"echo\",\"input\":{\"another\":true}}",
                    Map.of("Authorization", entraId.token("Jobs.Submit").bearer()));
        }
    }

    /** The id of the message the broker holds for the job (its message id starts with the job id), in either lane. */
    private static String messageIdOf(String jobId) {
        return broker.active(TestServiceBus.jobQueues(QUEUE)).stream().map(message -> message.messageId()).filter(id -> id.startsWith(jobId))
                .findFirst().orElseThrow(() -> new AssertionError("no message in the queue for job " + jobId));
    }

    /** The waiting message expires now, in whichever lane it is. */
    private static void expireNow(String messageId) {
        for (var queue : TestServiceBus.jobQueues(QUEUE)) {
            broker.expireNow(queue, messageId);
        }
    }

    /** The waiting message uses up its deliveries now, in whichever lane it is. */
    private static void exhaustDeliveries(String messageId) {
        for (var queue : TestServiceBus.jobQueues(QUEUE)) {
            broker.exhaustDeliveries(queue, messageId);
        }
    }

    private static void assertDownloads(String url, String expectedJson) throws IOException {
        var download = HttpsDownloads.get(url);
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(download.body())).isEqualTo(JSON.readTree(expectedJson));
    }

    private static void awaitStatus(PackagedApp app, String id, String status) {
        await().atMost(Duration.ofSeconds(60)).until(() -> status.equals(status(send(app, "GET", "/api/jobs/" + id, null, Map.of()), 200)));
    }

    private static String submit(PackagedApp app, String body, Map<String, String> headers) {
        var response = send(app, "POST", "/api/jobs", body, headers);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return json(response).path("id").asText();
    }

    private static HttpResponse<String> send(PackagedApp app, String method, String path, String body, Map<String, String> headers) {
        try {
            return sendOrThrow(app, method, path, body, headers);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Null when the connection ends without an answer (the process halted). */
    private static HttpResponse<String> sendOrNull(PackagedApp app, String method, String path, String body, Map<String, String> headers) {
        try {
            return sendOrThrow(app, method, path, body, headers);
        } catch (IOException e) {
            return null;
        }
    }

    private static HttpResponse<String> sendOrThrow(PackagedApp app, String method, String path, String body, Map<String, String> headers)
            throws IOException {
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
