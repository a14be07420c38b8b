package io.github.asyncjobs.adapter.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The embedded queue keeps what is not completed across restarts, drops duplicates, and refuses beyond capacity.
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

    private EmbeddedQueue queue(int capacity) {
        return new EmbeddedQueue(database, name, capacity, mapper);
    }

    private static StoredMessage message(String id) {
        return new StoredMessage(0, id, "application/json", Map.of("job_type", "echo"), "{}".getBytes(), Instant.now(), null, 0);
    }
}
