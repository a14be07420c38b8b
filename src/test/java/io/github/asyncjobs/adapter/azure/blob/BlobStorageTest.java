package io.github.asyncjobs.adapter.azure.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import static io.github.asyncjobs.testing.Management.management;
import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.util.BinaryData;
import com.azure.core.util.TracingOptions;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.asyncjobs.config.JobsConfig;
import io.github.asyncjobs.job.Job;
import io.github.asyncjobs.job.JobOwner;
import io.github.asyncjobs.job.JobStatus;
import io.github.asyncjobs.job.Requester;
import io.github.asyncjobs.job.ResultFile;
import io.github.asyncjobs.job.Sha256;
import io.github.asyncjobs.job.intake.IdempotencyKeys;
import io.github.asyncjobs.job.queue.JobMessage;
import io.github.asyncjobs.job.service.JobService;
import io.github.asyncjobs.job.store.IdempotencyClaim;
import io.github.asyncjobs.job.store.JobRecords;
import io.github.asyncjobs.job.store.ResultStore;
import io.github.asyncjobs.testing.Jobs;
import io.github.asyncjobs.testing.Metrics;
import io.github.asyncjobs.testing.TestGates;
import io.github.asyncjobs.testing.azure.AzureStorageProfile;
import io.github.asyncjobs.testing.azure.Azurite;
import io.github.asyncjobs.testing.azure.AzuriteResource;
import io.github.asyncjobs.testing.azure.HttpsDownloads;
import io.github.asyncjobs.testing.identity.TestTokens;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.config.RedirectConfig;
import io.restassured.http.ContentType;

/** The service with Azure Blob Storage, against Azurite over HTTPS with Entra ID tokens and real SAS checks. */
@QuarkusTest
@TestProfile(AzureStorageProfile.class)
class BlobStorageTest {

    @Inject
    JobRecords records;

    @Inject
    ResultStore results;

    @Inject
    JobService jobs;

    @Inject
    ObjectMapper mapper;

    @Inject
    JobsConfig config;

    @Inject
    TokenCredential credential;

    @Inject
    HttpClient httpClient;

    @Inject
    TracingOptions tracing;

    @Inject
    MeterRegistry registry;

    @Test
    void theWholeFlowEndsInADownloadThroughAUserDelegationSas() throws IOException {
        var id = Jobs.submit("echo", Map.of("id", "1234", "customername", "Contoso"));
        Jobs.awaitStatus(id, "Succeeded");
        var location = given().config(RestAssured.config().redirect(RedirectConfig.redirectConfig().followRedirects(false)))
                .get("/api/jobs/" + id + "/status")
                .then().statusCode(303).header("Cache-Control", "no-store")
                .extract().header("Location");

        var blobUrl = URLDecoder.decode(location.substring(0, location.indexOf('?')), StandardCharsets.UTF_8);
        assertThat(blobUrl).isEqualTo(AzuriteResource.endpoint() + "/" + AzuriteResource.container() + "/results/echo/" + id);
        var sas = query(location);
        assertThat(sas).containsEntry("skoid", TestTokens.OBJECT_ID)
                .containsEntry("sktid", TestTokens.TENANT_ID)
                .containsEntry("sp", "r")
                .containsEntry("sr", "b")
                .containsEntry("spr", "https")
                .containsKeys("ske", "skt", "st", "se", "sig");

        var download = HttpsDownloads.get(location);
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(download.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"" + id + ".json\"");
        assertThat(new ObjectMapper().readTree(download.body())).isEqualTo(new ObjectMapper().readTree("{\"id\":\"1234\",\"customername\":\"Contoso\"}"));
    }

    @Test
    void theStorageServerRefusesATamperedSignatureAnExpiredSasAndASasForAnotherBlob() {
        var first = succeededEcho();
        var second = succeededEcho();
        var url = resultUrl(first);
        var signature = query(url).get("sig");
        var tampered = url.replace("sig=" + signature, "sig=" + (signature.startsWith("A") ? "B" : "A") + signature.substring(1));
        assertThat(HttpsDownloads.get(tampered).statusCode()).isEqualTo(403);

        assertThat(HttpsDownloads.get(url.replace(first, second)).statusCode()).as("SAS of another blob").isEqualTo(403);

        var job = jobs.find(UUID.fromString(first), Requester.ANYONE).orElseThrow();
        var expired = results.signedUrl(job, Duration.ofSeconds(-1)).toString();
        assertThat(HttpsDownloads.get(expired).statusCode()).isEqualTo(403);

        assertThat(HttpsDownloads.get(url).statusCode()).as("the untouched URL still works").isEqualTo(200);
    }

    @Test
    void aBusyStatusEndpointDoesNotFetchADelegationKeyPerRequest() throws IOException {
        var id = succeededEcho();
        resultUrl(id);
        long before = delegationKeyRequests();
        for (int i = 0; i < 50; i++) {
            Jobs.monitor(id).then().statusCode(200);
        }
        assertThat(delegationKeyRequests()).isEqualTo(before);
    }

    @Test
    void everyRequestToBlobStorageIsCountedAsAzuriteCountsIt() throws IOException {
        var before = quietRequestCounts();
        succeededEcho();
        var after = quietRequestCounts();
        assertThat(after[0] - before[0]).as("requests the service counted (jobs_storage_requests_total)")
                .isEqualTo(after[1] - before[1]).isGreaterThanOrEqualTo(4);
    }

    /** The service's and Azurite's request counts, once neither has changed for a poll interval (no request in flight). */
    private static long[] quietRequestCounts() {
        var last = new long[][] { { -1, -1 } };
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> {
            long[] previous = last[0];
            last[0] = new long[] { countedRequests(), servedRequests() };
            return Arrays.equals(previous, last[0]) ? last[0] : null;
        }, counts -> counts != null);
    }

    private static long countedRequests() {
        return Metrics.sum("jobs_storage_requests_total{");
    }

    private static long servedRequests() throws IOException {
        try (var lines = Files.lines(AzuriteResource.azurite().debugLog())) {
            return lines.filter(line -> line.contains("BlobStorageContextMiddleware: RequestMethod=")).count();
        }
    }

    @Test
    void concurrentUpdatesAreAllAppliedAndTerminalStatesNeverChange() throws Exception {
        var job = Job.accepted(UUID.randomUUID(), "echo", "hash", null, null, Instant.now());
        assertThat(records.create(job, message(job))).isTrue();
        assertThat(records.create(job, message(job))).as("created with If-None-Match: *").isFalse();

        var pool = Executors.newFixedThreadPool(6);
        try {
            var futures = IntStream.range(0, 12)
                    .mapToObj(i -> pool.submit(() -> records.update(job.id(), j -> j.startAttempt(Instant.now()))))
                    .toList();
            for (var future : futures) {
                future.get();
            }
        } finally {
            pool.shutdown();
        }
        assertThat(records.find(job.id()).orElseThrow().attempts()).as("no lost update").isEqualTo(12);

        records.update(job.id(), j -> j.succeed(ResultFile.of(j.id(), "application/json"), Instant.now()));
        assertThat(records.update(job.id(), j -> j.startAttempt(Instant.now())).orElseThrow().status()).isEqualTo(JobStatus.Succeeded);
        assertThat(records.update(job.id(), j -> j.cancel(Instant.now())).orElseThrow().status()).isEqualTo(JobStatus.Succeeded);
        assertThat(records.unfinishedCreatedBefore(Instant.now().plusSeconds(1))).extracting(Job::id).doesNotContain(job.id());
    }

    @Test
    void eachCallersUnfinishedJobsAreCountedFromTheStoreUpToTheLimitAsked() {
        var alice = new JobOwner("tenant", UUID.randomUUID().toString());
        var bob = new JobOwner("tenant", UUID.randomUUID().toString());
        var hers = IntStream.range(0, 3).mapToObj(i -> Job.accepted(UUID.randomUUID(), "echo", "hash", alice, null, Instant.now()))
                .peek(job -> records.create(job, message(job))).toList();
        var his = Job.accepted(UUID.randomUUID(), "echo", "hash", bob, null, Instant.now());
        records.create(his, message(his));
        // Counted from the pending markers every instance writes, listed again within jobs.limits.count-refresh.
        await().atMost(Duration.ofSeconds(30)).until(() -> records.unfinishedCount(Requester.listedAs(alice), 100) == 3);
        assertThat(records.unfinishedCount(Requester.listedAs(alice), 2)).isEqualTo(2);
        assertThat(records.unfinishedCount(Requester.listedAs(bob), 100)).isEqualTo(1);

        records.update(hers.get(0).id(), job -> job.cancel(Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> records.unfinishedCount(Requester.listedAs(alice), 100) == 2);

        // A count lists the caller's own markers alone, whatever others have pending.
        var container = Azurite.container(AzuriteResource.endpoint(), AzuriteResource.container());
        assertThat(blobsNaming(container, his.id().toString())).contains(
                "pending-by-owner/" + Sha256.hex(Requester.listedAs(bob)) + "/" + his.id());
    }

    /** Instances share one sample of the backlog per interval: the first to find it due lists, the others read it. */
    @Test
    void theBacklogIsListedByOneInstancePerIntervalForAll() {
        var container = new BlobContainer(config.storage().blob(), credential, httpClient, tracing, registry);
        var name = "upkeep/backlog-" + UUID.randomUUID();
        var listings = new java.util.concurrent.atomic.AtomicInteger();
        var oldest = Instant.parse("2026-12-01T00:00:00Z");
        Supplier<JobRecords.Backlog> listing = () -> new JobRecords.Backlog(listings.incrementAndGet(), Optional.of(oldest));
        var first = new BlobSharedBacklog(new BlobUpkeepTurns(container, name, Duration.ofHours(1)), listing);
        var second = new BlobSharedBacklog(new BlobUpkeepTurns(container, name, Duration.ofHours(1)), listing);

        assertThat(first.get()).isEqualTo(new JobRecords.Backlog(1, Optional.of(oldest)));
        assertThat(second.get()).as("the first instance's figures, not a listing of its own")
                .isEqualTo(new JobRecords.Backlog(1, Optional.of(oldest)));
        assertThat(first.get().unfinished()).isEqualTo(1);
        assertThat(listings).hasValue(1);

        // Once a sample is due, the next instance to sample claims it and lists again.
        var dueAtOnce = "upkeep/backlog-" + UUID.randomUUID();
        assertThat(new BlobSharedBacklog(new BlobUpkeepTurns(container, dueAtOnce, Duration.ZERO), listing).get().unfinished()).isEqualTo(2);
        assertThat(new BlobSharedBacklog(new BlobUpkeepTurns(container, dueAtOnce, Duration.ZERO), listing).get().unfinished()).isEqualTo(3);
    }

    /** A chore every instance schedules (the outbox sweep, the backlog sample) is done by one per interval. */
    @Test
    void aChoreIsDoneByOneInstancePerIntervalAndGoesOnAtOnceWhenItsTurnEndsDue() {
        var container = new BlobContainer(config.storage().blob(), credential, httpClient, tracing, registry);
        var name = "upkeep/chore-" + UUID.randomUUID();
        var first = new BlobUpkeepTurns(container, name, Duration.ofHours(1));
        var second = new BlobUpkeepTurns(container, name, Duration.ofHours(1));

        var turn = first.visit().turn();
        assertThat(turn).as("the first instance to find the chore due").isPresent();
        assertThat(second.visit().turn()).as("while the first one does it").isEmpty();
        first.end(turn.get(), Map.of("found", "3"), Duration.ofHours(1));
        assertThat(Instant.parse(container.blob(name).getProperties().getMetadata().get("next")))
                .as("due again before an interval from the claim: the claimer's next visit, an interval on, finds it due")
                .isBefore(turn.get().claimedAt().plus(Duration.ofHours(1)));
        var visit = second.visit();
        assertThat(visit.turn()).as("until one interval after the turn ended").isEmpty();
        assertThat(visit.found()).isEqualTo(Map.of("found", "3"));

        // A turn that took long rests ten times as long: a listing of a large backlog keeps under a tenth of a core.
        var now = new java.util.concurrent.atomic.AtomicReference<>(Instant.parse("2026-12-07T12:00:00Z"));
        var clock = new java.time.Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public java.time.Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        var slow = new BlobUpkeepTurns(container, "upkeep/chore-" + UUID.randomUUID(), Duration.ofSeconds(15), clock);
        var claimed = slow.visit().turn().orElseThrow();
        now.set(now.get().plusSeconds(20));
        slow.end(claimed, Map.of(), Duration.ofSeconds(15));
        now.set(now.get().plusSeconds(150));
        assertThat(slow.visit().turn()).as("170 s after a claim whose turn took 20 s").isEmpty();
        now.set(now.get().plusSeconds(30));
        assertThat(slow.visit().turn()).as("200 s after it").isPresent();

        // A turn that ends due at once (a full batch of the outbox sweep) goes on at the next visit of any instance.
        var goesOn = "upkeep/chore-" + UUID.randomUUID();
        var full = new BlobUpkeepTurns(container, goesOn, Duration.ofHours(1));
        full.end(full.visit().turn().orElseThrow(), Map.of(), Duration.ZERO);
        assertThat(new BlobUpkeepTurns(container, goesOn, Duration.ofHours(1)).visit().turn()).isPresent();
    }

    @Test
    void aMarkerNamedWithoutItsOwnerByAnOlderVersionIsStillSentFromItsOutboxAndRemovedWhenItsJobEnds() {
        var job = Job.accepted(UUID.randomUUID(), "echo", "hash", new JobOwner("tenant", UUID.randomUUID().toString()), null,
                Instant.now());
        var container = Azurite.container(AzuriteResource.endpoint(), AzuriteResource.container());
        // What a version before owners were in markers' names left: pending/<id>, holding the message, not queued.
        var message = new JobMessage(job.id(), "echo", "{\"n\": \"older marker\"}".getBytes(StandardCharsets.UTF_8), Map.of());
        records.create(job, message);
        var marker = blobsNaming(container, job.id().toString()).stream().filter(name -> name.startsWith("pending-by-owner/"))
                .findFirst().orElseThrow();
        var older = container.getBlobClient("pending/" + job.id()).getBlockBlobClient();
        older.upload(container.getBlobClient(marker).downloadContent(), true);
        older.setMetadata(Map.of("created", job.createdDateTime().toString()));
        container.getBlobClient(marker).delete();

        var id = job.id().toString();
        Jobs.awaitStatus(id, "Succeeded");
        assertThat(HttpsDownloads.get(resultUrl(id)).body()).contains("older marker");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> blobsNaming(container, id).stream().noneMatch(name -> name.startsWith("pending")));
    }

    @Test
    void aChangeByAnotherInstanceIsNeverOverwrittenFromARememberedVersion() throws IOException {
        var job = Job.accepted(UUID.randomUUID(), "echo", "hash", null, null, Instant.now());
        records.create(job, message(job));
        var running = records.update(job.id(), j -> j.startAttempt(Instant.now())).orElseThrow();
        var otherInstance = Azurite.container(AzuriteResource.endpoint(), AzuriteResource.container());
        otherInstance.getBlobClient("records/" + job.id() + ".json")
                .upload(BinaryData.fromBytes(mapper.writeValueAsBytes(running.cancel(Instant.now()))), true);

        assertThat(records.update(job.id(), j -> j).orElseThrow().status()).as("a no-op reads the stored record")
                .isEqualTo(JobStatus.Canceled);
        assertThat(records.update(job.id(), j -> j.succeed(ResultFile.of(j.id(), "application/json"), Instant.now()))
                .orElseThrow().status()).as("the write under the old ETag fails, the fresh read decides").isEqualTo(JobStatus.Canceled);
    }

    /** :purge erases every blob of the job at once: record, listing entry, idempotency key, result. */
    @Test
    void purgingAJobDeletesItsBlobsNow() {
        var key = "purge-" + UUID.randomUUID();
        String id = given().contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body(Map.of("type", "echo", "input", Map.of("n", 1))).post("/api/jobs").then().statusCode(202).extract().path("id");
        Jobs.awaitStatus(id, "Succeeded");
        var container = Azurite.container(AzuriteResource.endpoint(), AzuriteResource.container());
        assertThat(blobsNaming(container, id)).contains("records/" + id + ".json").anyMatch(name -> name.startsWith("owners-bucketed/"))
                .anyMatch(name -> name.startsWith("results/"));
        long keys = container.listBlobsByHierarchy("idempotency-keys/").stream().count();

        given().post("/api/jobs/" + id + ":purge").then().statusCode(204);
        assertThat(blobsNaming(container, id)).isEmpty();
        assertThat(container.listBlobsByHierarchy("idempotency-keys/").stream().count()).isEqualTo(keys - 1);
        given().get("/api/jobs/" + id).then().statusCode(404);
    }

    private static java.util.List<String> blobsNaming(com.azure.storage.blob.BlobContainerClient container, String id) {
        return container.listBlobs().stream().map(item -> item.getName()).filter(name -> name.contains(id)).toList();
    }

    /**
     * The record is the accept's last write: were the process to die while it writes the job's marker (its outbox)
     * or listing entry, no record would be left that a replayed idempotency key could answer with and nothing send.
     */
    @Test
    void aJobIsRecordedOnlyOnceItsOutboxMarkerAndListingEntryAreStored() {
        var requests = new java.util.concurrent.CopyOnWriteArrayList<String>();
        HttpClient recording = new HttpClient() {
            @Override
            public reactor.core.publisher.Mono<com.azure.core.http.HttpResponse> send(com.azure.core.http.HttpRequest request) {
                return send(request, com.azure.core.util.Context.NONE);
            }

            @Override
            public reactor.core.publisher.Mono<com.azure.core.http.HttpResponse> send(com.azure.core.http.HttpRequest request,
                    com.azure.core.util.Context context) {
                var path = URLDecoder.decode(request.getUrl().getPath(), StandardCharsets.UTF_8);
                return httpClient.send(request, context).doOnSubscribe(s -> requests.add("sent " + path))
                        .doOnSuccess(response -> requests.add("answered " + path));
            }

            @Override
            public com.azure.core.http.HttpResponse sendSync(com.azure.core.http.HttpRequest request,
                    com.azure.core.util.Context context) {
                var path = URLDecoder.decode(request.getUrl().getPath(), StandardCharsets.UTF_8);
                requests.add("sent " + path);
                var response = httpClient.sendSync(request, context);
                requests.add("answered " + path);
                return response;
            }
        };
        var container = new BlobContainer(config.storage().blob(), credential, recording, tracing, registry);
        var job = Job.accepted(UUID.randomUUID(), "echo", "hash", new JobOwner("tenant", "recorded-last"), null, Instant.now());
        var message = new JobMessage(job.id(), "echo", "{}".getBytes(StandardCharsets.UTF_8), Map.of());

        assertThat(new BlobJobRecords(container, new BlobDocuments(container, mapper), Duration.ofHours(1), Duration.ofHours(1), Duration.ofHours(1)).create(job, message))
                .isTrue();

        var recordSent = IntStream.range(0, requests.size())
                .filter(i -> requests.get(i).matches("sent .*/records/" + job.id() + "\\.json")).findFirst()
                .orElseThrow(() -> new AssertionError("no record written: " + requests));
        var before = requests.subList(0, recordSent);
        assertThat(before).as("requests sent before the record").anyMatch(r -> r.contains("/pending-by-owner/"))
                .anyMatch(r -> r.contains("/owners-bucketed/"));
        assertThat(before.stream().filter(r -> r.startsWith("answered")).count()).as("answered before the record was sent: " + requests)
                .isEqualTo(before.stream().filter(r -> r.startsWith("sent")).count());
    }

    @Test
    void aMarkerLeftWithoutARecordByAnAcceptThatDiedStopsCountingOnceTheOutboxSweepFindsIt() {
        var owner = new JobOwner("tenant", "died-mid-accept-" + UUID.randomUUID());
        var job = Job.accepted(UUID.randomUUID(), "echo", "hash", owner, null, Instant.now());
        records.create(job, new JobMessage(job.id(), "echo", "{}".getBytes(StandardCharsets.UTF_8), Map.of()));
        var container = Azurite.container(AzuriteResource.endpoint(), AzuriteResource.container());
        container.getBlobClient("records/" + job.id() + ".json").delete(); // as an accept that died before its record
        assertThat(records.unfinishedCount(Requester.listedAs(owner), 10)).as("until the sweep finds it").isEqualTo(1);

        await().atMost(Duration.ofSeconds(30)).until(() -> records.unfinishedCount(Requester.listedAs(owner), 10) == 0);
        assertThat(blobsNaming(container, job.id().toString())).noneMatch(name -> name.startsWith("pending"));
    }

    @Test
    void aJobRecordedButNeverQueuedIsQueuedAgainAndRuns() {
        // As left by an instance that died between recording the job and sending its message.
        var job = Job.accepted(UUID.randomUUID(), "echo", "hash", null, null, Instant.now());
        records.create(job, new JobMessage(job.id(), "echo", "{\"n\": \"never sent\"}".getBytes(StandardCharsets.UTF_8), Map.of()));
        var id = job.id().toString();
        Jobs.awaitStatus(id, "Succeeded");
        assertThat(HttpsDownloads.get(resultUrl(id)).body()).contains("never sent");
    }

    @Test
    void aJobPutBackInItsOutboxIsSentAgainUnderItsNextMessageIdAndRuns() {
        // Recorded, its message lost before the job ran (as when the broker dead-letters it), put back for round 1.
        var job = Job.accepted(UUID.randomUUID(), "echo", "hash", null, null, Instant.now());
        var message = new JobMessage(job.id(), "echo", "{\"n\": \"requeued\"}".getBytes(StandardCharsets.UTF_8), Map.of());
        records.create(job, message);
        assertThat(records.requeue(message.nextRound())).isTrue();
        var id = job.id().toString();
        Jobs.awaitStatus(id, "Succeeded");
        assertThat(HttpsDownloads.get(resultUrl(id)).body()).contains("requeued");
        assertThat(records.requeue(message.nextRound())).as("a job that ran is not put back").isFalse();
    }

    @Test
    void aKeyWhoseJobNeverAppearedIsTakenOverAndAClaimReadBackIsOnesOwn() {
        // Bound two minutes ago by an instance that died before recording the job: no 409 forever.
        var key = "abandoned-" + UUID.randomUUID();
        var abandoned = new IdempotencyClaim(key, UUID.randomUUID(), "hash", Instant.now().minus(Duration.ofMinutes(2)));
        assertThat(records.claim(abandoned)).isEmpty();
        String id = given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(Map.of("type", "echo", "input", Map.of("n", 1)))
                .post("/api/jobs").then().statusCode(202).extract().path("id");
        assertThat(id).isNotEqualTo(abandoned.jobId().toString());
        Jobs.awaitStatus(id, "Succeeded");

        // A claim whose write worked but whose reply was lost is read back on the retry: it is this request's own.
        var claim = new IdempotencyClaim("own-" + UUID.randomUUID(), UUID.randomUUID(), "hash", Instant.now());
        var keys = new IdempotencyKeys(config.idempotency());
        assertThat(keys.bind(records, claim)).isEmpty();
        assertThat(keys.bind(records, claim)).isEmpty();
    }

    @Test
    void idempotencyKeysHoldInBlobStorage() {
        var key = "blob-" + UUID.randomUUID();
        var body = Map.of("type", "echo", "input", Map.of("n", 1));
        String first = given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(body)
                .post("/api/jobs").then().statusCode(202).extract().path("id");
        given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(body)
                .post("/api/jobs").then().statusCode(202).body("id", equalTo(first));
        given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(Map.of("type", "echo", "input", Map.of("n", 2)))
                .post("/api/jobs").then().statusCode(422);
    }

    @Test
    void anOutageGives503AndLosesNothingAlreadyAccepted() {
        var gate = TestGates.newGate();
        var running = Jobs.submit("test-gated", Map.of("gate", gate));
        Jobs.awaitStatus(running, "Running");
        var azurite = AzuriteResource.azurite();
        azurite.stop();
        try {
            TestGates.open(gate);
            given().contentType(ContentType.JSON).body(Map.of("type", "echo", "input", Map.of("n", 1)))
                    .post("/api/jobs")
                    .then().statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", matchesPattern("[1-9][0-9]*"));
            // An unfinished record this instance read less than jobs.records-cache.pending-ttl ago may still be
            // answered from its cache; once that has passed, the status needs the store and says it is away.
            await().atMost(Duration.ofSeconds(10)).until(() -> given().get("/api/jobs/" + running).statusCode() == 503);
            given().get("/api/jobs/" + running).then().statusCode(503).contentType("application/problem+json");
            management().get("/q/health/ready").then().statusCode(503);
        } finally {
            azurite.restart();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> management().get("/q/health/ready").statusCode() == 200);
        // The job whose result could not be written during the outage is retried and finishes.
        Jobs.awaitStatus(running, "Succeeded");
        assertThat(HttpsDownloads.get(resultUrl(running)).body()).isEqualTo("opened " + gate);
    }

    @Test
    void sasTokensNeverAppearInTheLog() throws IOException {
        var id = succeededEcho();
        var signature = query(resultUrl(id)).get("sig");
        HttpsDownloads.get(resultUrl(id));
        // The log holds this job (DEBUG in this profile), so it is the log the URL could have reached.
        assertThat(Files.readString(AzureStorageProfile.LOG)).contains(id).doesNotContain("sig=").doesNotContain(signature);
    }

    private static JobMessage message(Job job) {
        return new JobMessage(job.id(), job.type(), "{}".getBytes(StandardCharsets.UTF_8), Map.of());
    }

    private static String succeededEcho() {
        var id = Jobs.submit("echo", Map.of("n", UUID.randomUUID().toString()));
        Jobs.awaitStatus(id, "Succeeded");
        return id;
    }

    private static String resultUrl(String id) {
        return Jobs.monitor(id).then().statusCode(200).extract().path("resourceLocation");
    }

    /** The URL's query parameters, still URL-encoded. */
    private static Map<String, String> query(String url) {
        return Arrays.stream(url.substring(url.indexOf('?') + 1).split("&"))
                .map(pair -> pair.split("=", 2))
                .collect(Collectors.toMap(pair -> pair[0], pair -> pair[1]));
    }

    private static long delegationKeyRequests() throws IOException {
        try (var lines = Files.lines(AzuriteResource.azurite().debugLog())) {
            return lines.filter(line -> line.contains("RequestURL=") && line.contains("comp=userdelegationkey")).count();
        }
    }
}
