package io.github.asyncjobs.adapter.azure.servicebus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.azure.core.util.TracingOptions;
import com.azure.messaging.servicebus.ServiceBusMessage;

import io.github.asyncjobs.testing.servicebus.QueueSettings;
import io.github.asyncjobs.testing.servicebus.TestServiceBus;

/** Session turns against the test broker: a caller's backlog does not hold back another caller's job. */
class SessionTurnsTest {

    private final TestServiceBus broker = TestServiceBus.start();
    private final List<String> processed = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        timer.shutdownNow();
        broker.close();
    }

    @Test
    void aJobOfAnotherCallerIsTakenWithinAFewTurnsNotAfterTheBacklog() {
        broker.createQueue("jobs", QueueSettings.asDeployed().withRequiresSession(true));
        var settings = settings(1, 2);
        try (var sender = settings.clientBuilder(null, new TracingOptions()).sender().queueName("jobs").buildClient()) {
            IntStream.range(0, 40).forEach(i -> sender.sendMessage(new ServiceBusMessage("a").setMessageId("a" + i).setSessionId("a.0")));
            sender.sendMessage(new ServiceBusMessage("b").setMessageId("b0").setSessionId("b.0"));
        }

        try (var turns = new SessionTurns(settings.clientBuilder(null, new TracingOptions()), settings, (message, lock) -> {
            lock.complete();
            processed.add(message.getMessageId());
            return CompletableFuture.completedFuture(null);
        }, new StuckClientGuard(Duration.ofMinutes(1)), timer, new SharedSlots(settings.maxConcurrency()))) {
            turns.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> processed.size() == 41);
        }
        // First in, first out would take b0 last. In turns of two, the slot picks b's session or a's at each turn's
        // end: b0 waits 15 turns (30 of a's jobs) with a chance of 2^-15.
        assertThat(processed.indexOf("b0")).isLessThan(30);
        assertThat(processed.subList(0, processed.indexOf("b0"))).allMatch(id -> id.startsWith("a"));
        assertThat(broker.active("jobs")).isEmpty();
        assertThat(broker.enqueued("jobs")).allSatisfy(message -> assertThat(message.deliveryCount()).isZero());
    }

    @Test
    void aJobLongerThanTheLockKeepsItsSessionAndIsSettledOnce() {
        broker.createQueue("jobs", QueueSettings.asDeployed().withRequiresSession(true).withLockDuration(Duration.ofSeconds(2)));
        var settings = settings(1, 4);
        try (var sender = settings.clientBuilder(null, new TracingOptions()).sender().queueName("jobs").buildClient()) {
            sender.sendMessage(new ServiceBusMessage("long").setMessageId("long").setSessionId("a.0"));
        }
        var settled = new CompletableFuture<Void>();
        try (var turns = new SessionTurns(settings.clientBuilder(null, new TracingOptions()), settings, (message, lock) -> {
            processed.add(message.getMessageId());
            // Held for several lock durations, as a long job is: the session receiver renews the session's lock.
            return CompletableFuture.runAsync(() -> {
                await().atMost(Duration.ofSeconds(30)).until(() -> broker.managementRequests("com.microsoft:renew-session-lock") >= 4);
                lock.complete();
                settled.complete(null);
            });
        }, new StuckClientGuard(Duration.ofMinutes(1)), timer, new SharedSlots(settings.maxConcurrency()))) {
            turns.start();
            await().atMost(Duration.ofSeconds(60)).until(settled::isDone);
        }
        assertThat(processed).containsExactly("long");
        assertThat(broker.active("jobs")).isEmpty();
        assertThat(broker.enqueued("jobs")).singleElement().satisfies(message -> assertThat(message.deliveryCount()).isZero());
    }

    /**
     * A priority job that starts while a turn runs takes the slot: the turn takes no further message, lets its session
     * go, and no turn starts until the priority job has ended; then the session's messages run, none delivered twice.
     */
    @Test
    void aPriorityJobTakesTheSlotFromTheTurnsUntilItEnds() {
        broker.createQueue("jobs", QueueSettings.asDeployed().withRequiresSession(true));
        var settings = settings(1, 16);
        try (var sender = settings.clientBuilder(null, new TracingOptions()).sender().queueName("jobs").buildClient()) {
            IntStream.range(0, 20).forEach(i -> sender.sendMessage(new ServiceBusMessage("a").setMessageId("a" + i).setSessionId("a.0")));
        }
        var slots = new SharedSlots(1);
        var priorityRunning = new java.util.concurrent.atomic.AtomicBoolean();
        var duringPriority = new CopyOnWriteArrayList<String>();
        try (var turns = new SessionTurns(settings.clientBuilder(null, new TracingOptions()), settings, (message, lock) -> {
            if (priorityRunning.get()) {
                duringPriority.add(message.getMessageId());
            }
            lock.complete();
            processed.add(message.getMessageId());
            if (processed.size() == 3) {
                // A priority job comes while the turn runs, and ends only once the turn has let its session go.
                slots.priorityStarted();
                priorityRunning.set(true);
                CompletableFuture.runAsync(() -> {
                    await().atMost(Duration.ofSeconds(30)).until(() -> broker.heldSessions("jobs") == 0);
                    priorityRunning.set(false);
                    slots.priorityEnded();
                });
            }
            return CompletableFuture.completedFuture(null);
        }, new StuckClientGuard(Duration.ofMinutes(1)), timer, slots)) {
            turns.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> processed.size() == 20);
        }
        assertThat(duringPriority).as("session jobs delivered while the priority job held the only slot").isEmpty();
        assertThat(broker.enqueued("jobs")).allSatisfy(message -> assertThat(message.deliveryCount()).isZero());
    }

    @Test
    void aCallersMessagesAreSpreadOverTheirSessionsByMessageId() {
        var sessions = new ServiceBusSettings.Sessions("job_caller", 8, 16, Duration.ofMillis(200), Optional.empty());
        var ids = IntStream.range(0, 400).mapToObj(i -> ServiceBusOutbound.sessionId(sessions, "caller", "job-" + i)).toList();
        assertThat(ids).allMatch(id -> id.matches("caller\\.[0-7]"));
        assertThat(ids.stream().distinct()).hasSize(8);
        assertThat(ServiceBusOutbound.sessionId(sessions, "caller", "job-1")).isEqualTo(ids.get(1));
    }

    private ServiceBusSettings settings(int concurrency, int turn) {
        return new ServiceBusSettings("jobs-in", "jobs", Optional.empty(), Optional.of(broker.connectionString()),
                Duration.ofSeconds(5), 1, concurrency, 0, Duration.ofMinutes(5), Duration.ofSeconds(5), Duration.ofSeconds(10),
                Duration.ofSeconds(30), QueueSettings.STANDARD_MAX_MESSAGE_SIZE, false,
                Optional.of(new ServiceBusSettings.Sessions("job_caller", 64, turn, Duration.ofMillis(200), Optional.empty())));
    }
}
