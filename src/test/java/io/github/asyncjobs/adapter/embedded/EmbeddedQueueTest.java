package io.github.asyncjobs.adapter.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** The embedded queue keeps what is not completed across restarts, drops duplicates, and refuses beyond capacity. */
class EmbeddedQueueTest {

    private final ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule());

    @TempDir
    Path folder;

    @Test
    void aMessageInFlightWhenTheProcessStoppedIsDeliveredAgain() throws InterruptedException {
        var queue = new EmbeddedQueue(folder, 10, mapper);
        queue.add(message("a"));
        var delivered = queue.take();
        assertThat(delivered.deliveryCount()).isEqualTo(1);

        // A new queue on the same folder is what the next process start sees.
        var restarted = new EmbeddedQueue(folder, 10, mapper);
        var again = restarted.take();
        assertThat(again.messageId()).isEqualTo("a");
        assertThat(again.body()).isEqualTo(delivered.body());
    }

    @Test
    void aCompletedMessageIsGoneForGood() throws InterruptedException {
        var queue = new EmbeddedQueue(folder, 10, mapper);
        queue.add(message("a"));
        queue.complete(queue.take());
        assertThat(new EmbeddedQueue(folder, 10, mapper).size()).isZero();
    }

    @Test
    void aReleasedMessageComesBackWithAHigherDeliveryCount() throws InterruptedException {
        var queue = new EmbeddedQueue(folder, 10, mapper);
        queue.add(message("a"));
        queue.release(queue.take(), Duration.ZERO);
        assertThat(queue.take().deliveryCount()).isEqualTo(2);
    }

    @Test
    void dropsADuplicateMessageIdWhileTheFirstIsQueued() {
        var queue = new EmbeddedQueue(folder, 10, mapper);
        assertThat(queue.add(message("a"))).isTrue();
        assertThat(queue.add(message("a"))).isFalse();
        assertThat(queue.size()).isEqualTo(1);
    }

    @Test
    void refusesMessagesBeyondItsCapacity() {
        var queue = new EmbeddedQueue(folder, 1, mapper);
        queue.add(message("a"));
        assertThatThrownBy(() -> queue.add(message("b"))).isInstanceOf(QueueFullException.class);
    }

    @Test
    void refusesMessageIdsThatCouldNameOtherFiles() {
        var queue = new EmbeddedQueue(folder, 10, mapper);
        assertThatThrownBy(() -> queue.add(message("../escape"))).isInstanceOf(IllegalArgumentException.class);
        assertThat(queue.size()).isZero();
    }

    private static StoredMessage message(String id) {
        return new StoredMessage(id, "application/json", Map.of("job_type", "echo"), "{}".getBytes(), Instant.now(), null, 0);
    }
}
