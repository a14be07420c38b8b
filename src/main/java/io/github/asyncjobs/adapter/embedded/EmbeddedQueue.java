package io.github.asyncjobs.adapter.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.logging.Log;

/**
 * A durable in-process queue: each message is a file in {@code directory} until it is completed, so
 * messages that were waiting or in flight when the process stopped are delivered again after a restart.
 * Message ids are unique while a message is queued (a repeat is dropped), as with Service Bus duplicate detection.
 */
final class EmbeddedQueue {

    private final Path directory;
    private final int capacity;
    private final ObjectMapper mapper;
    private final DelayQueue<Pending> ready = new DelayQueue<>();
    private final Set<String> present = ConcurrentHashMap.newKeySet();
    private final AtomicLong sequence = new AtomicLong();

    EmbeddedQueue(Path directory, int capacity, ObjectMapper mapper) {
        this.directory = directory;
        this.capacity = capacity;
        this.mapper = mapper;
        load();
    }

    /** Queues a message; false when it is a duplicate of one still queued. */
    boolean add(StoredMessage message) {
        if (present.size() >= capacity) {
            throw new QueueFullException(capacity);
        }
        if (!present.add(message.messageId())) {
            return false;
        }
        try {
            write(message);
        } catch (RuntimeException e) {
            present.remove(message.messageId());
            throw e;
        }
        ready.add(new Pending(message, Instant.now(), sequence.incrementAndGet()));
        return true;
    }

    /** Waits for the next deliverable message, dropping those whose time to live has passed. */
    StoredMessage take() throws InterruptedException {
        while (true) {
            var message = ready.take().message().redelivered();
            if (message.expiresAt() != null && message.expiresAt().isBefore(Instant.now())) {
                Log.warnf("Dropping message %s: its time to live has passed", message.messageId());
                complete(message);
                continue;
            }
            return message;
        }
    }

    void complete(StoredMessage message) {
        try {
            Files.deleteIfExists(file(message.messageId()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            present.remove(message.messageId());
        }
    }

    /** Puts a delivered message back, to be delivered again after {@code delay}. */
    void release(StoredMessage message, Duration delay) {
        write(message);
        ready.add(new Pending(message, Instant.now().plus(delay), sequence.incrementAndGet()));
    }

    int size() {
        return present.size();
    }

    private void load() {
        try {
            Files.createDirectories(directory);
            try (Stream<Path> files = Files.list(directory)) {
                files.filter(f -> f.toString().endsWith(".json"))
                        .map(this::read)
                        .sorted((a, b) -> a.enqueuedTime().compareTo(b.enqueuedTime()))
                        .forEach(m -> {
                            present.add(m.messageId());
                            ready.add(new Pending(m, Instant.now(), sequence.incrementAndGet()));
                        });
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the embedded queue in " + directory, e);
        }
        if (!present.isEmpty()) {
            Log.infof("Embedded queue %s: %d message(s) from before the restart", directory, present.size());
        }
    }

    private StoredMessage read(Path file) {
        try {
            return mapper.readValue(file.toFile(), StoredMessage.class);
        } catch (IOException e) {
            throw new UncheckedIOException("Unreadable queued message " + file, e);
        }
    }

    private void write(StoredMessage message) {
        try {
            var target = file(message.messageId());
            var temporary = target.resolveSibling(target.getFileName() + ".tmp");
            mapper.writeValue(temporary.toFile(), message);
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write to the embedded queue in " + directory, e);
        }
    }

    private Path file(String messageId) {
        // Message ids come from senders: keep them from naming files outside the queue folder.
        if (!messageId.matches("[A-Za-z0-9._-]{1,128}") || messageId.startsWith(".")) {
            throw new IllegalArgumentException("Unsupported message id: " + messageId);
        }
        return directory.resolve(messageId + ".json");
    }

    /** A message waiting to be delivered, ordered by when it becomes deliverable and then by arrival. */
    private record Pending(StoredMessage message, Instant availableAt, long sequence) implements Delayed {

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(Duration.between(Instant.now(), availableAt));
        }

        @Override
        public int compareTo(Delayed other) {
            var that = (Pending) other;
            int byTime = availableAt.compareTo(that.availableAt);
            return byTime != 0 ? byTime : Long.compare(sequence, that.sequence);
        }
    }
}
