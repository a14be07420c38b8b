package io.github.asyncjobs.adapter.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.asyncjobs.job.queue.JobMessage;
import io.github.asyncjobs.testing.Jobs;
import io.github.asyncjobs.testing.LogCapture;
import io.github.asyncjobs.testing.TestGates;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The embedded queue keeps what is not completed across restarts, drops duplicates, refuses beyond capacity, serves
 * callers in turn, and delivers again what it could not settle.
 * A new queue object on the same database is what the next process start sees; each test has a queue of its own.
 */
@QuarkusTest
class EmbeddedQueueTest {

    @Inject
    EmbeddedDatabase database;

    @Inject
    ObjectMapper mapper;

    private final String name = "test-" + UUID.randomUUID();

    @Test
    void aMessageInFlightWhenTheProcessStoppedIsDeliveredAgain() throws InterruptedException {
        var queue = queue(10);
        queue.add(message("a"));
        var delivered = queue.take();
        assertThat(delivered.deliveryCount()).isEqualTo(1);

        var restarted = queue(10);
        var again = restarted.take();
        assertThat(again.messageId()).isEqualTo("a");
        assertThat(again.body()).isEqualTo(delivered.body());
        assertThat(again.properties()).isEqualTo(delivered.properties());
    }

    @Test
    void aCompletedMessageIsGoneForGood() throws InterruptedException {
        var queue = queue(10);
        queue.add(message("a"));
        queue.complete(queue.take());
        assertThat(queue.size()).isZero();
        assertThat(queue(10).size()).isZero();
    }

    @Test
    void aReleasedMessageComesBackWithAHigherDeliveryCountAlsoAfterARestart() throws InterruptedException {
        var queue = queue(10);
        queue.add(message("a"));
        queue.release(queue.take(), Duration.ZERO, true);
        assertThat(queue.take().deliveryCount()).isEqualTo(2);
        assertThat(queue(10).take().deliveryCount()).isEqualTo(2);
    }

    @Test
    void aMessageHandedBackUncountedKeepsItsDeliveryCountAlsoAfterARestart() throws InterruptedException {
        var queue = queue(10);
        queue.add(message("a"));
        queue.release(queue.take(), Duration.ZERO, false);
        assertThat(queue.take().deliveryCount()).isEqualTo(1);
        assertThat(queue(10).take().deliveryCount()).isEqualTo(1);
    }

    @Test
    void dropsADuplicateMessageIdWhileTheFirstIsQueued() throws InterruptedException {
        var queue = queue(10);
        assertThat(queue.add(message("a"))).isTrue();
        assertThat(queue.add(message("a"))).isFalse();
        assertThat(queue.size()).isEqualTo(1);
        queue.complete(queue.take());
        assertThat(queue.add(message("a"))).as("a completed id may come again").isTrue();
    }

    @Test
    void refusesMessagesBeyondItsCapacity() {
        var queue = queue(1);
        queue.add(message("a"));
        assertThatThrownBy(() -> queue.add(message("b"))).isInstanceOf(QueueFullException.class);
        assertThat(queue(1).size()).as("the refused message was not kept").isEqualTo(1);
    }

    @Test
    void dropsAMessageWhoseTimeToLiveHasPassed() throws InterruptedException {
        var queue = queue(10);
        var now = Instant.now();
        queue.add(new StoredMessage(0, "old", "application/json", Map.of(), "{}".getBytes(), now.minusSeconds(10),
                now.minusSeconds(1), 0));
        queue.add(message("fresh"));
        assertThat(queue.take().messageId()).isEqualTo("fresh");
        assertThat(queue(10).size()).isEqualTo(1);
    }

    @Test
    void callersAreServedInTurnSoOnesBacklogDelaysAnotherByOneMessageAlsoAfterARestart() throws InterruptedException {
        var queue = queue(1000);
        for (int i = 0; i < 50; i++) {
            queue.add(message("a" + i, "caller-a"));
        }
        for (int i = 0; i < 3; i++) {
            queue.add(message("b" + i, "caller-b"));
        }
        assertThat(take(queue, 7)).containsExactly("a0", "b0", "a1", "b1", "a2", "b2", "a3");
        // After a restart, what was waiting or in flight is delivered again, callers still in turn.
        queue.add(message("b3", "caller-b"));
        assertThat(take(queue(1000), 4)).containsExactly("a0", "b0", "a1", "b1");
    }

    private static List<String> take(EmbeddedQueue queue, int count) throws InterruptedException {
        var ids = new ArrayList<String>();
        for (int i = 0; i < count; i++) {
            ids.add(queue.take().messageId());
        }
        return ids;
    }

    @Test
    void aSettlementTheDatabaseRefusesIsTriedAgainOnALaterDeliveryWhileOtherJobsGoOn() {
        var gate = TestGates.newGate();
        var id = Jobs.submit("test-gated", Map.of("gate", gate));
        Jobs.awaitStatus(id, "Running");
        refuseDeletes(id);
        try (var log = LogCapture.service()) {
            TestGates.open(gate);
            Jobs.awaitStatus(id, "Succeeded");
            await().atMost(Duration.ofSeconds(30)).until(() -> !log.containing("Could not settle message " + id).isEmpty());
            var other = Jobs.submit("echo", Map.of("meanwhile", true));
            Jobs.awaitStatus(other, "Succeeded");
        } finally {
            allowDeletes();
        }
        // Nothing but a later delivery of the same message settles it now: the job has ended.
        await().atMost(Duration.ofSeconds(30)).until(() -> queuedMessages(id) == 0);
        Jobs.monitor(id).then().statusCode(200).body("status", equalTo("Succeeded"));
    }

    /** Makes the database fail (as a lock held too long would) every delete of the job's queue message. */
    private void refuseDeletes(String jobId) {
        database.write(sql -> {
            sql.statement("CREATE TABLE test_refused_deletes (message_id TEXT PRIMARY KEY)").execute();
            sql.statement("CREATE TRIGGER test_refuse_delete BEFORE DELETE ON queue_messages"
                    + " WHEN OLD.message_id IN (SELECT message_id FROM test_refused_deletes)"
                    + " BEGIN SELECT RAISE(ABORT, 'refused by the test'); END").execute();
            var refuse = sql.statement("INSERT INTO test_refused_deletes VALUES (?)");
            refuse.setString(1, jobId);
            return refuse.executeUpdate();
        });
    }

    private void allowDeletes() {
        database.write(sql -> {
            sql.statement("DROP TRIGGER test_refuse_delete").execute();
            return sql.statement("DROP TABLE test_refused_deletes").execute();
        });
    }

    private int queuedMessages(String messageId) {
        return database.read(sql -> {
            var query = sql.statement("SELECT count(*) FROM queue_messages WHERE message_id = ?");
            query.setString(1, messageId);
            try (var rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        });
    }

    private EmbeddedQueue queue(int capacity) {
        return new EmbeddedQueue(database, name, capacity, mapper);
    }

    private static StoredMessage message(String id) {
        return message(id, "caller");
    }

    private static StoredMessage message(String id, String caller) {
        return new StoredMessage(0, id, "application/json", Map.of("job_type", "echo", JobMessage.CALLER_PROPERTY, caller),
                "{}".getBytes(), Instant.now(), null, 0);
    }
}
