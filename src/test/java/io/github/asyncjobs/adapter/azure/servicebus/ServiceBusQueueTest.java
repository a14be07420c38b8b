package io.github.asyncjobs.adapter.azure.servicebus;

import static io.github.asyncjobs.testing.Management.management;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.asyncjobs.config.JobsConfig;
import io.github.asyncjobs.job.store.JobRecords;
import io.github.asyncjobs.testing.FlakyHandler;
import io.github.asyncjobs.testing.Jobs;
import io.github.asyncjobs.testing.Metrics;
import io.github.asyncjobs.testing.TestGates;
import io.github.asyncjobs.testing.azure.ServiceBusBrokerResource;
import io.github.asyncjobs.testing.azure.ServiceBusProfile;
import io.github.asyncjobs.testing.servicebus.BrokerMessage;
import io.github.asyncjobs.testing.servicebus.TestServiceBus;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** The service on Azure Service Bus: the real SDK over AMQP against the test broker. */
@QuarkusTest
@TestProfile(ServiceBusProfile.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServiceBusQueueTest {

    private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
    private static final String TRACE_PARENT = "00-" + TRACE_ID + "-b7ad6b7169203331-01";

    @Inject
    JobsConfig config;

    @Inject
    JobRecords records;

    @Test
    void messagesCarryTheJobIdContentTypeJobTypeHandlerPropertiesTimeToLiveAndTraceContext() throws Exception {
        var input = Map.of("events", List.of(Map.ofEntries(Map.entry("id", 1), Map.entry("store_id", 2), Map.entry("cust_id", 3),
                Map.entry("category", "toys"), Map.entry("sku", "A"), Map.entry("price", 10), Map.entry("qty", 1),
                Map.entry("discount", 0), Map.entry("ts", "2024-05-01T10:15:00Z"), Map.entry("event_type", "sale_event"),
                Map.entry("priority_shipping", true))));
        String id = given().contentType(ContentType.JSON).header("traceparent", TRACE_PARENT)
                .body(Map.of("type", "sales-report", "input", input))
                .post("/api/jobs").then().statusCode(202).extract().path("id");
        Jobs.awaitStatus(id, "Succeeded");

        var message = sent(id);
        assertThat(message.contentType()).isEqualTo("application/json");
        assertThat(message.applicationProperties())
                .containsEntry("job_type", "sales-report")
                .containsEntry("event_type", "sale_event")
                .containsEntry("priority_shipping", "true");
        // The caller's trace, continued by the service's own producer span: same trace id, a span id of its own.
        assertThat((String) message.applicationProperties().get("traceparent")).startsWith("00-" + TRACE_ID + "-").isNotEqualTo(TRACE_PARENT);
        assertThat(message.applicationProperties().get("Diagnostic-Id")).isEqualTo(message.applicationProperties().get("traceparent"));
        assertThat(message.timeToLive()).isEqualTo(config.timeToLive());
        assertThat(new ObjectMapper().readTree(message.body())).isEqualTo(new ObjectMapper().valueToTree(input));
    }

    /** notBefore becomes the message's ScheduledEnqueueTimeUtc: the broker holds it, not active, until then. */
    @Test
    void aScheduledJobsMessageIsScheduledOnTheBrokerAndRunsAtItsTime() {
        var notBefore = Instant.now().plusSeconds(3);
        String id = given().contentType(ContentType.JSON)
                .body(Map.of("type", "echo", "input", Map.of("later", true), "notBefore", notBefore.toString()))
                .post("/api/jobs").then().statusCode(202).extract().path("id");
        // The send completed before the 202: the message is on the broker, scheduled (3 s is ample for these two reads).
        assertThat(broker().scheduled(ServiceBusBrokerResource.QUEUES)).extracting(BrokerMessage::messageId).contains(id);
        assertThat(broker().active(ServiceBusBrokerResource.QUEUES)).extracting(BrokerMessage::messageId).doesNotContain(id);
        Jobs.awaitStatus(id, "Succeeded");
        assertThat(Instant.parse(Jobs.monitor(id).then().extract().<String>path("lastUpdatedDateTime"))).isAfterOrEqualTo(notBefore);
        assertThat(sent(id).timeToLive()).isEqualTo(config.timeToLive());
    }

    /**
     * With a limit set larger than the queue's (ServiceBusProfile claims Premium's 1 MiB; the namespace is Standard),
     * the SDK refuses the message for good: 413, nothing kept, and no outage: more refusals than the breaker counts
     * leave readiness up and the next job accepted.
     */
    @Test
    void aMessageTheQueueRefusesAsTooLargeIsA413AndNoOutage() {
        var since = Instant.now();
        var body = Map.of("type", "echo", "input", Map.of("large", "x".repeat(400 * 1024)));
        for (int i = 0; i < 12; i++) {
            given().contentType(ContentType.JSON).body(body).post("/api/jobs").then().statusCode(413)
                    .body("type", equalTo("urn:async-jobs:problem:request-too-large"));
        }
        management().get("/q/health/ready").then().statusCode(200);
        var after = Jobs.submit("echo", Map.of("after", true));
        given().queryParam("createdAfter", since.toString()).get("/api/jobs").then().statusCode(200)
                .body("value.id", contains(after));
    }

    @Test
    void anAbandonedMessageIsRedeliveredUntilTheJobSucceeds() {
        var id = Jobs.submit("test-flaky", Map.of("failures", 2));
        Jobs.awaitStatus(id, "Succeeded");
        assertThat(FlakyHandler.runs(UUID.fromString(id))).isEqualTo(3);
        await().until(() -> broker().active(ServiceBusBrokerResource.QUEUES).stream().noneMatch(m -> m.messageId().equals(id)));
    }

    @Test
    void aPoisonJobEndsFailedThroughTheDeadLetterQueue() {
        var id = Jobs.submit("test-flaky", Map.of("failures", 1000));
        Jobs.awaitStatus(id, "Failed");
        Jobs.monitor(id).then().body("error.code", equalTo("MaxDeliveryCountExceeded"));
        assertThat(FlakyHandler.runs(UUID.fromString(id))).isEqualTo(ServiceBusBrokerResource.MAX_DELIVERY_COUNT);
        assertThat(deadLetter(id).deadLetterReason()).isEqualTo("MaxDeliveryCountExceeded");
    }

    @Test
    void aPoisonJobKeepsItsInputForResubmission() {
        var id = Jobs.submit("test-flaky", Map.of("failures", 999));
        Jobs.awaitStatus(id, "Failed");
        assertThat(records.find(UUID.fromString(id)).orElseThrow().input().path("failures").asInt()).isEqualTo(999);
    }

    /**
     * A job whose message used up its deliveries before the job ever ran (where a long store outage leads, processors
     * giving the message back) was not at fault: it is queued again under a new message id, and runs. The dead letter
     * stays for operators to see.
     */
    @Test
    void aJobThatNeverRanIsQueuedAgainWhenItsMessageIsDeadLettered() {
        var waiting = whileEverySlotIsBusy(id -> {
            for (var queue : ServiceBusBrokerResource.QUEUES) {
                broker().exhaustDeliveries(queue, id);
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> broker().active(ServiceBusBrokerResource.QUEUES).stream()
                    .anyMatch(m -> m.messageId().equals(id + ".1")));
            Jobs.monitor(id).then().body("status", equalTo("NotStarted"));
        });
        Jobs.awaitStatus(waiting, "Succeeded");
        assertThat(attempts(waiting)).isEqualTo(1);
        assertThat(deadLetter(waiting).deadLetterReason()).isEqualTo("MaxDeliveryCountExceeded");
    }

    /** Not without end: after {@code jobs.queue.dead-letter-requeues} rounds (1 here) the job fails with the broker's reason. */
    @Test
    void aJobWhoseMessageKeepsBeingDeadLetteredFailsAfterItsRequeues() {
        var waiting = whileEverySlotIsBusy(id -> {
            for (var queue : ServiceBusBrokerResource.QUEUES) {
                broker().exhaustDeliveries(queue, id);
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> broker().active(ServiceBusBrokerResource.QUEUES).stream()
                    .anyMatch(m -> m.messageId().equals(id + ".1")));
            for (var queue : ServiceBusBrokerResource.QUEUES) {
                broker().exhaustDeliveries(queue, id + ".1");
            }
            Jobs.awaitStatus(id, "Failed");
        });
        Jobs.monitor(waiting).then().body("error.code", equalTo("MaxDeliveryCountExceeded"));
        assertThat(attempts(waiting)).isZero();
    }

    /**
     * Submits an echo job while gated jobs hold every processing slot, so that its message waits in the queue; runs
     * {@code meanwhile} with the job's id, then lets the gated jobs finish. Returns the echo job's id.
     */
    private String whileEverySlotIsBusy(Consumer<String> meanwhile) {
        var blocker = TestGates.newGate();
        var blockers = IntStream.range(0, config.processor().concurrency())
                .mapToObj(i -> Jobs.submit("test-gated", Map.of("gate", blocker))).toList();
        blockers.forEach(b -> Jobs.awaitStatus(b, "Running"));
        var waiting = Jobs.submit("echo", Map.of("n", "waiting for a slot"));
        try {
            await().until(() -> broker().active(ServiceBusBrokerResource.QUEUES).stream().anyMatch(m -> m.messageId().equals(waiting)));
            meanwhile.accept(waiting);
        } finally {
            TestGates.open(blocker);
        }
        blockers.forEach(id -> Jobs.awaitStatus(id, "Succeeded"));
        return waiting;
    }

    /** A message whose time to live passes before any processor takes it ends its job as Failed, through the dead-letter queue. */
    @Test
    void anExpiredMessageEndsItsJobFailed() {
        var waiting = whileEverySlotIsBusy(id -> {
            for (var queue : ServiceBusBrokerResource.QUEUES) {
                broker().expireNow(queue, id);
            }
            Jobs.awaitStatus(id, "Failed");
        });
        Jobs.monitor(waiting).then().body("error.code", equalTo("TTLExpiredException"));
        assertThat(broker().deadLetters(ServiceBusBrokerResource.QUEUES))
                .anyMatch(m -> m.messageId().equals(waiting) && "TTLExpiredException".equals(m.deadLetterReason()));
    }

    /** A business failure ends the job, not the message: completed, not dead-lettered, its input kept with the record. */
    @Test
    void aPermanentFailureFailsTheJobCompletesItsMessageAndKeepsItsInput() {
        var id = Jobs.submit("test-flaky", Map.of("failures", 7, "permanent", true));
        Jobs.awaitStatus(id, "Failed");
        Jobs.monitor(id).then().body("error.code", equalTo("BadData"));
        await().until(() -> broker().active(ServiceBusBrokerResource.QUEUES).stream().noneMatch(m -> m.messageId().equals(id)));
        assertThat(broker().deadLetters(ServiceBusBrokerResource.QUEUES)).noneMatch(m -> m.messageId().equals(id));
        var failed = records.find(UUID.fromString(id)).orElseThrow();
        assertThat(failed.input().path("failures").asInt()).isEqualTo(7);
        assertThat(failed.input().path("permanent").asBoolean()).isTrue();
        assertThat(FlakyHandler.runs(UUID.fromString(id))).isEqualTo(1);
    }

    @Test
    void aDeliveryWhoseProcessorDiedIsRedeliveredAndPublishesExactlyOneResult() throws Exception {
        long succeededBefore = succeededGatedJobs();
        var gate = TestGates.newGate();
        var id = Jobs.submit("test-gated", Map.of("gate", gate));
        Jobs.awaitStatus(id, "Running");
        // What the broker sees when a processor dies mid-job: its lock ends and the message is delivered again.
        for (var queue : ServiceBusBrokerResource.QUEUES) {
            broker().loseLocks(queue);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> attempts(id) == 2);
        TestGates.open(gate);
        Jobs.awaitStatus(id, "Succeeded");
        await().until(() -> broker().active(ServiceBusBrokerResource.QUEUES).stream().noneMatch(m -> m.messageId().equals(id)));
        var results = config.storage().local().dataDir().resolve("results/test-gated");
        try (var files = Files.list(results)) {
            assertThat(files.filter(f -> f.getFileName().toString().startsWith(id))).hasSize(1);
        }
        assertThat(Files.readString(results.resolve(id), StandardCharsets.UTF_8)).isEqualTo("opened " + gate);
        assertThat(succeededGatedJobs()).as("counted once").isEqualTo(succeededBefore + 1);
    }

    /**
     * The store (the embedded database here) is locked by another process while every processing slot is busy: the
     * processors hold their messages and probe the store instead of giving them back, so no delivery is burnt; when the
     * store is back every job finishes, none delivered twice.
     */
    @Test
    @Order(Integer.MAX_VALUE - 1)
    void whileTheStoreIsDownProcessorsHoldTheirMessagesInsteadOfBurningDeliveries() throws SQLException {
        var blocker = TestGates.newGate();
        var blockers = IntStream.range(0, config.processor().concurrency())
                .mapToObj(i -> Jobs.submit("test-gated", Map.of("gate", blocker))).toList();
        blockers.forEach(b -> Jobs.awaitStatus(b, "Running"));
        var waiting = Jobs.submit("echo", Map.of("n", "after the outage"));
        var file = config.storage().local().dataDir().resolve("jobs.db");
        try (var other = DriverManager.getConnection("jdbc:sqlite:" + file); var lock = other.createStatement()) {
            lock.execute("BEGIN EXCLUSIVE");
            long probes = storeCalls("record.probe", "failure");
            TestGates.open(blocker);
            // Every slot meets the outage on its last write, then keeps probing: several rounds of failed probes.
            await().atMost(Duration.ofSeconds(60)).until(() -> storeCalls("record.probe", "failure") >= probes + 3L * blockers.size());
            assertThat(blockers).allSatisfy(id -> assertThat(sent(id).deliveryCount()).as("abandoned deliveries of " + id).isZero());
            lock.execute("ROLLBACK");
        }
        blockers.forEach(id -> Jobs.awaitStatus(id, "Succeeded"));
        Jobs.awaitStatus(waiting, "Succeeded");
        assertThat(attempts(waiting)).isEqualTo(1);
        assertThat(sent(waiting).deliveryCount()).isZero();
        assertThat(blockers).allSatisfy(id -> assertThat(sent(id).deliveryCount()).isZero());
    }

    /** Every send the queue was asked for, whatever its outcome. */
    private static long queueSends() {
        return Metrics.sum("jobs_dependency_duration_seconds_count{dependency=\"queue\",operation=\"send\"");
    }

    private static long storeCalls(String operation, String outcome) {
        return Metrics.sum("jobs_dependency_duration_seconds_count{dependency=\"store\",operation=\"" + operation
                + "\",outcome=\"" + outcome + "\"}");
    }

    /** Last: after an outage the SDK may take a few lock durations to settle its links again. */
    @Test
    @Order(Integer.MAX_VALUE)
    void whenTheBrokerGoesAwayAcceptingAnswers503AndProcessingResumesWhenItReturns() throws InterruptedException {
        broker().stop();
        try {
            given().contentType(ContentType.JSON).body(Map.of("type", "echo", "input", Map.of("n", 1)))
                    .post("/api/jobs")
                    .then().statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", matchesPattern("[1-9][0-9]*"));
            await().atMost(Duration.ofSeconds(30)).until(() -> management().get("/q/health/ready").statusCode() == 503);
            // Once enough sends have failed, the breaker opens: accepts are refused without trying the broker at all.
            var clients = Executors.newFixedThreadPool(10);
            var posting = new AtomicBoolean(true);
            try {
                for (int i = 0; i < 10; i++) {
                    clients.submit(() -> {
                        while (posting.get()) {
                            given().contentType(ContentType.JSON).body(Map.of("type", "echo", "input", Map.of("n", 1))).post("/api/jobs");
                        }
                    });
                }
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                        .until(() -> management().get("/q/health/ready").asString().matches("(?s).*\"circuit\"\\s*:\\s*\"open\".*"));
            } finally {
                posting.set(false);
                clients.shutdown();
                clients.awaitTermination(30, TimeUnit.SECONDS);
            }
            long sends = queueSends();
            given().contentType(ContentType.JSON).body(Map.of("type", "echo", "input", Map.of("n", 1)))
                    .post("/api/jobs")
                    .then().statusCode(503)
                    .header("Retry-After", matchesPattern("[1-9][0-9]*"))
                    .body("detail", equalTo("The queue is unavailable. Nothing was changed; retry after the time in Retry-After."));
            assertThat(queueSends()).as("no send was tried while the breaker is open").isEqualTo(sends);
        } finally {
            broker().restart();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> management().get("/q/health/ready").statusCode() == 200);
        var id = Jobs.submit("echo", Map.of("n", 2));
        Jobs.awaitStatus(id, "Succeeded");
    }

    private static TestServiceBus broker() {
        return ServiceBusBrokerResource.broker();
    }

    private static BrokerMessage sent(String id) {
        return broker().enqueued(ServiceBusBrokerResource.QUEUES).stream().filter(m -> id.equals(m.messageId())).findFirst().orElseThrow();
    }

    private static BrokerMessage deadLetter(String id) {
        return broker().deadLetters(ServiceBusBrokerResource.QUEUES).stream().filter(m -> id.equals(m.messageId())).findFirst().orElseThrow();
    }

    private int attempts(String id) {
        return records.find(UUID.fromString(id)).orElseThrow().attempts();
    }

    private static long succeededGatedJobs() {
        return Metrics.sum("jobs_completed_total{status=\"Succeeded\",type=\"test-gated\"}");
    }
}
