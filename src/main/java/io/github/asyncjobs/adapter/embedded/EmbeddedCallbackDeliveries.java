package io.github.asyncjobs.adapter.embedded;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.asyncjobs.adapter.embedded.EmbeddedDatabase.Sql;
import io.github.asyncjobs.job.callback.CallbackDeliveries;
import io.github.asyncjobs.job.callback.CallbackDelivery;

/**
 * Completion notifications' delivery state in the embedded database ({@code callback_deliveries}). A replace is a
 * compare-and-set on the whole record, which the single writer makes atomic. Only deliveries whose job has ended are
 * listed as due, through the partial index over pending ones.
 */
public class EmbeddedCallbackDeliveries implements CallbackDeliveries {

    private final EmbeddedDatabase database;
    private final EmbeddedJson json;

    public EmbeddedCallbackDeliveries(EmbeddedDatabase database, ObjectMapper mapper) {
        this.database = database;
        this.json = new EmbeddedJson(mapper);
    }

    @Override
    public void create(CallbackDelivery delivery) {
        database.write(sql -> insert(sql, delivery));
    }

    /** Inserts the delivery inside a write, such as the one that accepts its job. */
    boolean insert(Sql sql, CallbackDelivery delivery) throws SQLException {
        var insert = sql.statement("INSERT INTO callback_deliveries (job_id, status, next_attempt_at, record) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT (job_id) DO NOTHING");
        insert.setString(1, delivery.jobId().toString());
        insert.setString(2, delivery.status().name());
        insert.setLong(3, delivery.nextAttemptAt().toEpochMilli());
        insert.setString(4, json.write(delivery));
        return insert.executeUpdate() == 1;
    }

    @Override
    public Optional<CallbackDelivery> find(UUID jobId) {
        return database.read(sql -> {
            var query = sql.statement("SELECT record FROM callback_deliveries WHERE job_id = ?");
            query.setString(1, jobId.toString());
            try (var rows = query.executeQuery()) {
                return rows.next() ? Optional.of(json.read(rows.getString(1), CallbackDelivery.class)) : Optional.empty();
            }
        });
    }

    @Override
    public boolean replace(CallbackDelivery current, CallbackDelivery next) {
        return database.write(sql -> {
            var update = sql.statement("UPDATE callback_deliveries SET status = ?, next_attempt_at = ?, record = ?"
                    + " WHERE job_id = ? AND record = ?");
            update.setString(1, next.status().name());
            update.setLong(2, next.nextAttemptAt().toEpochMilli());
            update.setString(3, json.write(next));
            update.setString(4, current.jobId().toString());
            update.setString(5, json.write(current));
            return update.executeUpdate() == 1;
        });
    }

    @Override
    public void delete(UUID jobId) {
        database.update("DELETE FROM callback_deliveries WHERE job_id = ?", jobId.toString());
    }

    @Override
    public List<UUID> pending(Instant now, int limit) {
        return database.read(sql -> {
            var query = sql.statement("SELECT d.job_id FROM callback_deliveries d JOIN jobs j ON j.id = d.job_id"
                    + " WHERE d.status = 'Pending' AND d.next_attempt_at <= ? AND j.status NOT IN ('NotStarted', 'Running')"
                    + " ORDER BY d.next_attempt_at LIMIT ?");
            query.setLong(1, now.toEpochMilli());
            query.setInt(2, limit);
            try (var rows = query.executeQuery()) {
                var ids = new ArrayList<UUID>();
                while (rows.next()) {
                    ids.add(UUID.fromString(rows.getString(1)));
                }
                return ids;
            }
        });
    }
}
