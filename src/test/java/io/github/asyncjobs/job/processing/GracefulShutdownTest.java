package io.github.asyncjobs.job.processing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.github.asyncjobs.job.JobStatus;
import io.github.asyncjobs.job.store.JobRecords;
import io.github.asyncjobs.testing.Jobs;
import io.github.asyncjobs.testing.TestGates;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * What a SIGTERM sets off in the processor (the shutdown observer, called here as Quarkus calls it, on an instance of
 * its own), on the embedded queue: no new message is taken, an attempt that ends within {@code quarkus.shutdown.timeout}
 * finishes, one that does not is interrupted and handed back with neither its attempt nor its delivery counted.
 */
@QuarkusTest
@TestProfile(GracefulShutdownTest.ShortGrace.class)
class GracefulShutdownTest {

    static final String GRACE = "6s";

    public static class ShortGrace implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.shutdown.timeout", GRACE);
        }
    }

    @Inject
    JobProcessor processor;

    @Inject
    JobRecords records;

    @Inject
    AgroalDataSource database;

    @Test
    void inFlightAttemptsFinishWithinTheGracePeriodAndTheRestAreHandedBackUncounted() throws Exception {
        var jobs = shutDownWithOneAttemptFinishingAndOneOverrunning(processor, records);
        assertThat(deliveryCount(jobs.overruns())).as("deliveries counted").isZero();
        assertThat(deliveryCount(jobs.arrivesLate())).isZero();
        assertThat(deliveryCount(jobs.finishes())).as("the finished job's message is gone").isEqualTo(-1);
    }

    record ShutdownJobs(String finishes, String overruns, String arrivesLate) {
    }

    /** Shuts the processor down while two attempts run; returns the jobs once the shutdown is over. */
    static ShutdownJobs shutDownWithOneAttemptFinishingAndOneOverrunning(JobProcessor processor, JobRecords records) {
        var finishing = TestGates.newGate();
        var overrunning = TestGates.newGate();
        var finishes = Jobs.submit("test-gated", Map.of("gate", finishing));
        var overruns = Jobs.submit("test-gated", Map.of("gate", overrunning));
        Jobs.awaitStatus(finishes, "Running");
        Jobs.awaitStatus(overruns, "Running");

        var shutdown = CompletableFuture.runAsync(() -> processor.drain(null));
        var arrivesLate = Jobs.submit("echo", Map.of("n", 1));
        TestGates.open(finishing);
        Jobs.awaitStatus(finishes, "Succeeded");
        await().atMost(Duration.ofSeconds(30)).until(shutdown::isDone);

        assertThat(TestGates.interrupted(overrunning)).as("the overrunning attempt was interrupted").isTrue();
        var handedBack = records.find(UUID.fromString(overruns)).orElseThrow();
        assertThat(handedBack.status()).isEqualTo(JobStatus.Running);
        assertThat(handedBack.attempts()).as("attempts counted").isZero();
        assertThat(handedBack.error()).isNull();
        assertThat(Jobs.status(arrivesLate)).as("a job accepted during the shutdown waits for the next instance").isEqualTo("NotStarted");
        return new ShutdownJobs(finishes, overruns, arrivesLate);
    }

    /** The message's persisted delivery count in the embedded queue (docs/architecture.md), or -1 when it is gone. */
    private int deliveryCount(String id) throws SQLException {
        try (var connection = database.getConnection();
                var query = connection.prepareStatement("SELECT delivery_count FROM queue_messages WHERE message_id = ?")) {
            query.setString(1, id);
            try (var rows = query.executeQuery()) {
                return rows.next() ? rows.getInt(1) : -1;
            }
        }
    }
}
