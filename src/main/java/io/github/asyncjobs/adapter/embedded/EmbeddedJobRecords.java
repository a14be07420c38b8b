package io.github.asyncjobs.adapter.embedded;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.asyncjobs.adapter.embedded.EmbeddedDatabase.Sql;
import io.github.asyncjobs.job.Job;
import io.github.asyncjobs.job.JobPage;
import io.github.asyncjobs.job.JobQuery;
import io.github.asyncjobs.job.JobTags;
import io.github.asyncjobs.job.Requester;
import io.github.asyncjobs.job.queue.JobMessage;
import io.github.asyncjobs.job.store.IdempotencyClaim;
import io.github.asyncjobs.job.store.JobRecords;

/**
 * Job records and idempotency keys in the embedded database. Every read is by primary key or by a partial index
 * over unfinished or finished jobs; nothing scans the history. An update reads and writes in the same write, which
 * the single writer makes atomic.
 */
public class EmbeddedJobRecords implements JobRecords {

    private static final String UNFINISHED = "status IN ('NotStarted', 'Running')";
    private static final String FINISHED = "status NOT IN ('NotStarted', 'Running')";

    private final EmbeddedDatabase database;
    private final EmbeddedJson json;

    public EmbeddedJobRecords(EmbeddedDatabase database, ObjectMapper mapper) {
        this.database = database;
        this.json = new EmbeddedJson(mapper);
    }

    @Override
    public boolean create(Job job, JobMessage message) {
        return database.write(sql -> insert(sql, job, message));
    }

    /**
     * Inserts the record inside a write, with the message still to be queued (null when it is queued in the same
     * transaction); false when a job with its id exists.
     */
    boolean insert(Sql sql, Job job, JobMessage unqueued) throws SQLException {
        var insert = sql.statement("INSERT INTO jobs (id, status, created_at, updated_at, record, message, owner, type, starts_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING");
        insert.setString(1, job.id().toString());
        insert.setString(2, job.status().name());
        insert.setLong(3, job.createdDateTime().toEpochMilli());
        insert.setLong(4, job.lastUpdatedDateTime().toEpochMilli());
        insert.setString(5, json.write(job));
        insert.setString(6, unqueued == null ? null : json.write(unqueued));
        insert.setString(7, Requester.listedAs(job.owner()));
        insert.setString(8, job.type());
        insert.setLong(9, job.startsAt().toEpochMilli());
        if (insert.executeUpdate() == 0) {
            return false;
        }
        if (!job.tags().isEmpty()) {
            var tag = sql.statement("INSERT INTO job_tags (owner, tag, created_at, id) VALUES (?, ?, ?, ?)");
            for (var entry : job.tags().entrySet()) {
                tag.setString(1, Requester.listedAs(job.owner()));
                tag.setString(2, JobTags.term(entry.getKey(), entry.getValue()));
                tag.setLong(3, job.createdDateTime().toEpochMilli());
                tag.setString(4, job.id().toString());
                tag.addBatch();
            }
            tag.executeBatch();
        }
        return true;
    }

    @Override
    public void markQueued(UUID id) {
        database.update("UPDATE jobs SET message = NULL WHERE id = ? AND message IS NOT NULL", id.toString());
    }

    @Override
    public boolean queued(UUID id) {
        return database.read(sql -> {
            var query = sql.statement("SELECT 1 FROM jobs WHERE id = ? AND message IS NOT NULL AND status = 'NotStarted'");
            query.setString(1, id.toString());
            try (var rows = query.executeQuery()) {
                return !rows.next();
            }
        });
    }

    @Override
    public boolean requeue(JobMessage message) {
        return database.write(sql -> {
            var update = sql.statement("UPDATE jobs SET message = ? WHERE id = ? AND status = 'NotStarted'");
            update.setString(1, json.write(message));
            update.setString(2, message.jobId().toString());
            return update.executeUpdate() == 1;
        });
    }

    @Override
    public List<JobMessage> unqueuedBefore(Instant cutoff, int limit) {
        return database.read(sql -> {
            var query = sql.statement("SELECT message FROM jobs WHERE message IS NOT NULL AND created_at < ?"
                    + " AND status = 'NotStarted' ORDER BY created_at LIMIT ?");
            query.setLong(1, cutoff.toEpochMilli());
            query.setInt(2, limit);
            try (var rows = query.executeQuery()) {
                var messages = new ArrayList<JobMessage>();
                while (rows.next()) {
                    messages.add(json.read(rows.getString(1), JobMessage.class));
                }
                return messages;
            }
        });
    }

    @Override
    public Optional<Job> find(UUID id) {
        return database.read(sql -> select(sql, id));
    }

    @Override
    public Optional<Job> update(UUID id, UnaryOperator<Job> change) {
        return database.write(sql -> {
            var current = select(sql, id);
            if (current.isEmpty()) {
                return current;
            }
            var next = change.apply(current.get());
            if (next == current.get() || !current.get().status().canMoveTo(next.status())) {
                return current;
            }
            // A job that moves on was queued: its outbox message goes.
            var update = sql.statement("UPDATE jobs SET status = ?, updated_at = ?, record = ?, message = NULL WHERE id = ?");
            update.setString(1, next.status().name());
            update.setLong(2, next.lastUpdatedDateTime().toEpochMilli());
            update.setString(3, json.write(next));
            update.setString(4, id.toString());
            update.executeUpdate();
            return Optional.of(next);
        });
    }

    @Override
    public void delete(Job job) {
        database.update("DELETE FROM jobs WHERE id = ?", job.id().toString());
    }

    @Override
    public JobPage list(String owner, JobQuery query) {
        return page(EmbeddedJobListing.of(owner, query));
    }

    @Override
    public JobPage listTenant(String tenantId, JobQuery query) {
        return page(EmbeddedJobListing.ofTenant(tenantId, query));
    }

    private JobPage page(EmbeddedJobListing listing) {
        return listing.page(database.read(sql -> jobs(listing.statement(sql).executeQuery())));
    }

    @Override
    public Backlog backlog() {
        return database.read(sql -> {
            try (var rows = sql.statement("SELECT count(*), min(starts_at) FROM jobs WHERE " + UNFINISHED).executeQuery()) {
                rows.next();
                long unfinished = rows.getLong(1);
                long oldest = rows.getLong(2);
                // min() of no rows is NULL, which getLong reads as 0: asked right after reading it.
                return new Backlog(unfinished, rows.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(oldest)));
            }
        });
    }

    @Override
    public int unfinishedCount(String owner, int atMost) {
        return database.read(sql -> {
            var query = sql.statement("SELECT count(*) FROM (SELECT 1 FROM jobs WHERE owner = ? AND " + UNFINISHED + " LIMIT ?)");
            query.setString(1, owner);
            query.setInt(2, atMost);
            try (var rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        });
    }

    @Override
    public List<Job> unfinishedCreatedBefore(Instant cutoff) {
        return database.read(sql -> {
            var query = sql.statement("SELECT record FROM jobs WHERE " + UNFINISHED + " AND created_at < ? ORDER BY created_at");
            query.setLong(1, cutoff.toEpochMilli());
            return jobs(query.executeQuery());
        });
    }

    @Override
    public boolean purge(Job finished) {
        return database.write(sql -> {
            var delete = sql.statement("DELETE FROM jobs WHERE id = ? AND " + FINISHED);
            delete.setString(1, finished.id().toString());
            if (delete.executeUpdate() == 0) {
                return false;
            }
            if (finished.idempotencyKey() != null) {
                var key = sql.statement("DELETE FROM idempotency_keys WHERE idempotency_key = ? AND job_id = ?");
                key.setString(1, finished.idempotencyKey());
                key.setString(2, finished.id().toString());
                key.executeUpdate();
            }
            return true;
        });
    }

    @Override
    public List<Job> purgeFinishedBefore(Instant cutoff, int limit) {
        return database.write(sql -> {
            var query = sql.statement("SELECT record FROM jobs WHERE " + FINISHED + " AND updated_at < ? ORDER BY updated_at LIMIT ?");
            query.setLong(1, cutoff.toEpochMilli());
            query.setInt(2, limit);
            var purged = jobs(query.executeQuery());
            var delete = sql.statement("DELETE FROM jobs WHERE id = ?");
            // Its notification goes with it: delivered or given up, or, with a retention shorter than retry-for, no longer retried.
            var deliveries = sql.statement("DELETE FROM callback_deliveries WHERE job_id = ?");
            for (var job : purged) {
                delete.setString(1, job.id().toString());
                delete.addBatch();
                if (job.callback() != null) {
                    deliveries.setString(1, job.id().toString());
                    deliveries.addBatch();
                }
            }
            delete.executeBatch();
            deliveries.executeBatch();
            var keys = sql.statement("DELETE FROM idempotency_keys WHERE created_at < ?");
            keys.setLong(1, cutoff.toEpochMilli());
            keys.executeUpdate();
            return purged;
        });
    }

    @Override
    public Optional<IdempotencyClaim> claim(IdempotencyClaim claim) {
        return database.write(sql -> bind(sql, claim));
    }

    /** Binds the key inside a write; the existing binding when the key was taken. */
    Optional<IdempotencyClaim> bind(Sql sql, IdempotencyClaim claim) throws SQLException {
        var insert = sql.statement("INSERT INTO idempotency_keys (idempotency_key, job_id, request_hash, created_at)"
                + " VALUES (?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING");
        insert.setString(1, claim.key());
        insert.setString(2, claim.jobId().toString());
        insert.setString(3, claim.requestHash());
        insert.setLong(4, claim.claimedAt().toEpochMilli());
        if (insert.executeUpdate() == 1) {
            return Optional.empty();
        }
        var query = sql.statement("SELECT job_id, request_hash, created_at FROM idempotency_keys WHERE idempotency_key = ?");
        query.setString(1, claim.key());
        try (var rows = query.executeQuery()) {
            rows.next();
            return Optional.of(new IdempotencyClaim(claim.key(), UUID.fromString(rows.getString(1)), rows.getString(2),
                    Instant.ofEpochMilli(rows.getLong(3))));
        }
    }

    @Override
    public boolean replaceClaim(IdempotencyClaim stale, IdempotencyClaim claim) {
        return database.write(sql -> replace(sql, stale, claim));
    }

    /** Replaces a binding inside a write, if it is still {@code stale}'s. */
    boolean replace(Sql sql, IdempotencyClaim stale, IdempotencyClaim claim) throws SQLException {
        var update = sql.statement("UPDATE idempotency_keys SET job_id = ?, request_hash = ?, created_at = ?"
                + " WHERE idempotency_key = ? AND job_id = ?");
        update.setString(1, claim.jobId().toString());
        update.setString(2, claim.requestHash());
        update.setLong(3, claim.claimedAt().toEpochMilli());
        update.setString(4, claim.key());
        update.setString(5, stale.jobId().toString());
        return update.executeUpdate() == 1;
    }

    @Override
    public void release(IdempotencyClaim claim) {
        database.write(sql -> {
            var delete = sql.statement("DELETE FROM idempotency_keys WHERE idempotency_key = ? AND job_id = ?");
            delete.setString(1, claim.key());
            delete.setString(2, claim.jobId().toString());
            return delete.executeUpdate();
        });
    }

    @Override
    public void checkAvailable() {
        database.write(sql -> {
            var probe = sql.statement("INSERT OR REPLACE INTO store_probe (id, probed_at) VALUES (1, ?)");
            probe.setLong(1, System.currentTimeMillis());
            return probe.executeUpdate();
        });
    }

    private Optional<Job> select(Sql sql, UUID id) throws SQLException {
        var query = sql.statement("SELECT record FROM jobs WHERE id = ?");
        query.setString(1, id.toString());
        var found = jobs(query.executeQuery());
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    private List<Job> jobs(ResultSet rows) throws SQLException {
        try (rows) {
            var jobs = new ArrayList<Job>();
            while (rows.next()) {
                jobs.add(json.read(rows.getString(1), Job.class));
            }
            return jobs;
        }
    }

}
