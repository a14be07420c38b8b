package io.github.asyncjobs.adapter.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.asyncjobs.adapter.embedded.EmbeddedDatabase.Sql;
import io.github.asyncjobs.job.queue.JobMessage;
import io.github.asyncjobs.job.store.StoreUnavailableException;
import io.quarkus.logging.Log;

/**
 * A durable queue in the embedded database: each message is a row until it is completed, so messages that were
 * waiting or in flight when the process stopped are delivered again after a restart. Message ids are unique while a
 * message is queued (a repeat is dropped), as with Service Bus duplicate detection. Memory holds only the order of
 * the queued messages (their sequence numbers), never their bodies. A message scheduled for later is a row like any
 * other, enqueued at its time, so it survives a restart and counts towards the capacity while it waits. Callers are served in turn ({@link CallersInTurn}),
 * each message's caller named by its {@code job_caller} property.
 */
final class EmbeddedQueue {

    private static final TypeReference<Map<String, String>> PROPERTIES = new TypeReference<>() {
    };

    private final EmbeddedDatabase database;
    private final String name;
    private final int capacity;
    private final ObjectMapper mapper;
    private final CallersInTurn ready = new CallersInTurn();
    private final AtomicInteger size = new AtomicInteger();

    EmbeddedQueue(EmbeddedDatabase database, String name, int capacity, ObjectMapper mapper) {
        this.database = database;
        this.name = name;
        this.capacity = capacity;
        this.mapper = mapper;
        load();
    }

    /** Queues a message in a write of its own; false when it is a duplicate of one still queued. */
    boolean add(StoredMessage message) {
        var seq = database.write(sql -> insert(sql, message));
        seq.ifPresent(committed -> announce(committed, message));
        return seq.isPresent();
    }

    /**
     * Inserts a message inside a write; {@link #announce} its sequence number once that write is committed.
     *
     * @return the sequence number, or empty for a duplicate
     * @throws QueueFullException when the queue holds {@code capacity} messages
     */
    Optional<Long> insert(Sql sql, StoredMessage message) throws SQLException {
        if (size.get() >= capacity) {
            throw new QueueFullException(capacity);
        }
        var insert = sql.statement("INSERT INTO queue_messages (queue, message_id, content_type, properties, body,"
                + " enqueued_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (queue, message_id) DO NOTHING RETURNING seq");
        insert.setString(1, name);
        insert.setString(2, message.messageId());
        insert.setString(3, message.contentType());
        insert.setString(4, json(message.properties()));
        insert.setBytes(5, message.body());
        insert.setLong(6, message.enqueuedTime().toEpochMilli());
        if (message.expiresAt() == null) {
            insert.setNull(7, Types.BIGINT);
        } else {
            insert.setLong(7, message.expiresAt().toEpochMilli());
        }
        try (var rows = insert.executeQuery()) {
            return rows.next() ? Optional.of(rows.getLong(1)) : Optional.empty();
        }
    }

    /** Makes a committed message deliverable, from its enqueued time on (later than now for a scheduled one). */
    void announce(long seq, StoredMessage message) {
        announce(seq, message.properties(), message.enqueuedTime());
    }

    private void announce(long seq, Map<String, String> properties, Instant enqueued) {
        size.incrementAndGet();
        ready.add(seq, enqueued, caller(properties));
    }

    /** Whose message it is: messages without a caller (from before callers were named) share one turn. */
    private static String caller(Map<String, String> properties) {
        return properties.getOrDefault(JobMessage.CALLER_PROPERTY, "");
    }

    /** Waits for the next deliverable message, dropping those whose time to live has passed. */
    StoredMessage take() throws InterruptedException {
        while (true) {
            var next = ready.take();
            Optional<StoredMessage> found;
            try {
                found = database.read(sql -> select(sql, next.seq()));
            } catch (StoreUnavailableException e) {
                Log.warnf("Embedded queue %s cannot be read, trying again in a second: %s", name, e.getMessage());
                ready.add(next.seq(), Instant.now().plusSeconds(1), next.caller());
                continue;
            }
            if (found.isEmpty()) {
                continue;
            }
            var message = found.get().redelivered();
            if (message.expiresAt() != null && message.expiresAt().isBefore(Instant.now())) {
                Log.warnf("Dropping message %s: its time to live has passed", message.messageId());
                complete(message);
                continue;
            }
            return message;
        }
    }

    void complete(StoredMessage message) {
        database.write(sql -> {
            var delete = sql.statement("DELETE FROM queue_messages WHERE seq = ?");
            delete.setLong(1, message.seq());
            return delete.executeUpdate();
        });
        size.decrementAndGet();
    }

    /** Puts a delivered message back, to be delivered again after {@code delay}, counting the delivery or not. */
    void release(StoredMessage message, Duration delay, boolean counted) {
        database.write(sql -> {
            var update = sql.statement("UPDATE queue_messages SET delivery_count = ? WHERE seq = ?");
            update.setInt(1, counted ? message.deliveryCount() : message.deliveryCount() - 1);
            update.setLong(2, message.seq());
            return update.executeUpdate();
        });
        ready.add(message.seq(), Instant.now().plus(delay), caller(message.properties()));
    }

    /**
     * For a settlement the database could not record: the message is delivered again after {@code delay}, its row as it
     * was (a completed job's message then finds the job finished, and is completed).
     */
    void redeliverLater(StoredMessage message, Duration delay) {
        ready.add(message.seq(), Instant.now().plus(delay), caller(message.properties()));
    }

    int size() {
        return size.get();
    }

    private void load() {
        int loaded = database.read(sql -> {
            var query = sql.statement("SELECT seq, properties, enqueued_at FROM queue_messages WHERE queue = ? ORDER BY seq");
            query.setString(1, name);
            int count = 0;
            try (var rows = query.executeQuery()) {
                while (rows.next()) {
                    announce(rows.getLong(1), parse(rows.getString(2)), Instant.ofEpochMilli(rows.getLong(3)));
                    count++;
                }
            }
            return count;
        });
        if (loaded > 0) {
            Log.infof("Embedded queue %s: %d message(s) from before the restart", name, loaded);
        }
    }

    private Optional<StoredMessage> select(Sql sql, long seq) throws SQLException {
        var query = sql.statement("SELECT message_id, content_type, properties, body, enqueued_at, expires_at, delivery_count"
                + " FROM queue_messages WHERE seq = ?");
        query.setLong(1, seq);
        try (var rows = query.executeQuery()) {
            if (!rows.next()) {
                return Optional.empty();
            }
            long expires = rows.getLong(6);
            var expiresAt = rows.wasNull() ? null : Instant.ofEpochMilli(expires);
            return Optional.of(new StoredMessage(seq, rows.getString(1), rows.getString(2), parse(rows.getString(3)),
                    rows.getBytes(4), Instant.ofEpochMilli(rows.getLong(5)), expiresAt, rows.getInt(7)));
        }
    }

    private String json(Map<String, String> properties) {
        try {
            return mapper.writeValueAsString(properties);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Map<String, String> parse(String json) {
        try {
            return mapper.readValue(json, PROPERTIES);
        } catch (IOException e) {
            throw new UncheckedIOException("Unreadable message properties", e);
        }
    }
}
