package io.github.asyncjobs.job.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import io.github.asyncjobs.config.RecordsCacheConfig;
import io.github.asyncjobs.job.Job;
import io.github.asyncjobs.job.JobPage;
import io.github.asyncjobs.job.JobQuery;
import io.github.asyncjobs.job.queue.JobMessage;

/**
 * Job records as this instance last read or wrote them (see {@link RecordsCacheConfig}). Only {@link #find}
 * answers from the cache; updates always go to the store, which decides atomically, and then refresh the cache.
 */
public class CachedJobRecords implements JobRecords {

    private final JobRecords records;
    private final Cache<UUID, Job> cache;

    public CachedJobRecords(JobRecords records, RecordsCacheConfig config) {
        this.records = records;
        long pending = config.pendingTtl().toNanos();
        long finished = config.finishedTtl().toNanos();
        this.cache = Caffeine.newBuilder().maximumSize(config.maxEntries()).expireAfter(new Expiry<UUID, Job>() {
            @Override
            public long expireAfterCreate(UUID id, Job job, long now) {
                return job.isTerminal() ? finished : pending;
            }

            @Override
            public long expireAfterUpdate(UUID id, Job job, long now, long current) {
                return expireAfterCreate(id, job, now);
            }

            @Override
            public long expireAfterRead(UUID id, Job job, long now, long current) {
                return current;
            }
        }).build();
    }

    @Override
    public boolean create(Job job, JobMessage message) {
        boolean created = records.create(job, message);
        if (created) {
            cache.put(job.id(), job);
        }
        return created;
    }

    @Override
    public void markQueued(UUID id) {
        records.markQueued(id);
    }

    @Override
    public boolean queued(UUID id) {
        return records.queued(id);
    }

    @Override
    public boolean requeue(JobMessage message) {
        return records.requeue(message);
    }

    @Override
    public List<JobMessage> unqueuedBefore(Instant cutoff, int limit) {
        return records.unqueuedBefore(cutoff, limit);
    }

    /** Listed from the store, whose index only it has; the jobs read are not cached (a listing reads many once). */
    @Override
    public JobPage list(String owner, JobQuery query) {
        return records.list(owner, query);
    }

    @Override
    public JobPage listTenant(String tenantId, JobQuery query) {
        return records.listTenant(tenantId, query);
    }

    @Override
    public Optional<Job> find(UUID id) {
        var cached = cache.getIfPresent(id);
        if (cached != null) {
            return Optional.of(cached);
        }
        var found = records.find(id);
        found.ifPresent(job -> cache.put(id, job));
        return found;
    }

    @Override
    public Optional<Job> update(UUID id, UnaryOperator<Job> change) {
        var after = records.update(id, change);
        after.ifPresentOrElse(job -> cache.put(id, job), () -> cache.invalidate(id));
        return after;
    }

    @Override
    public void delete(Job job) {
        records.delete(job);
        cache.invalidate(job.id());
    }

    @Override
    public boolean purge(Job finished) {
        var purged = records.purge(finished);
        cache.invalidate(finished.id());
        return purged;
    }

    @Override
    public List<Job> purgeFinishedBefore(Instant cutoff, int limit) {
        var purged = records.purgeFinishedBefore(cutoff, limit);
        purged.forEach(job -> cache.invalidate(job.id()));
        return purged;
    }

    @Override
    public Backlog backlog() {
        return records.backlog();
    }

    @Override
    public List<Job> unfinishedCreatedBefore(Instant cutoff) {
        return records.unfinishedCreatedBefore(cutoff);
    }

    @Override
    public int unfinishedCount(String owner, int atMost) {
        return records.unfinishedCount(owner, atMost);
    }

    @Override
    public Optional<IdempotencyClaim> claim(IdempotencyClaim claim) {
        return records.claim(claim);
    }

    @Override
    public boolean replaceClaim(IdempotencyClaim stale, IdempotencyClaim claim) {
        return records.replaceClaim(stale, claim);
    }

    @Override
    public void release(IdempotencyClaim claim) {
        records.release(claim);
    }

    @Override
    public void checkAvailable() {
        records.checkAvailable();
    }
}
