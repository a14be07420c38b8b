package io.github.asyncjobs.job.store;

import static io.github.asyncjobs.telemetry.DependencyCalls.STORE;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

import io.github.asyncjobs.job.Job;
import io.github.asyncjobs.job.JobPage;
import io.github.asyncjobs.job.JobQuery;
import io.github.asyncjobs.job.queue.JobMessage;
import io.github.asyncjobs.telemetry.DependencyCalls;
import io.github.asyncjobs.telemetry.SpanAttributes;
import io.opentelemetry.api.common.Attributes;

/** Job records whose every call is timed and, inside a job's trace, a span ("store record.update" ...). */
public final class ObservedJobRecords implements JobRecords {

    private final JobRecords records;
    private final DependencyCalls calls;

    public ObservedJobRecords(JobRecords records, DependencyCalls calls) {
        this.records = records;
        this.calls = calls;
    }

    @Override
    public boolean create(Job job, JobMessage message) {
        return calls.call(STORE, "record.create", of(job.id()), () -> records.create(job, message));
    }

    @Override
    public void markQueued(UUID id) {
        calls.run(STORE, "record.mark-queued", of(id), () -> records.markQueued(id));
    }

    @Override
    public boolean queued(UUID id) {
        return calls.call(STORE, "record.queued", of(id), () -> records.queued(id));
    }

    @Override
    public boolean requeue(JobMessage message) {
        return calls.call(STORE, "record.requeue", of(message.jobId()), () -> records.requeue(message));
    }

    @Override
    public List<JobMessage> unqueuedBefore(Instant cutoff, int limit) {
        return calls.call(STORE, "record.list-unqueued", Attributes.empty(), () -> records.unqueuedBefore(cutoff, limit));
    }

    @Override
    public JobPage list(String owner, JobQuery query) {
        return calls.call(STORE, "record.list", Attributes.empty(), () -> records.list(owner, query));
    }

    @Override
    public JobPage listTenant(String tenantId, JobQuery query) {
        return calls.call(STORE, "record.list", Attributes.empty(), () -> records.listTenant(tenantId, query));
    }

    @Override
    public Optional<Job> find(UUID id) {
        return calls.call(STORE, "record.find", of(id), () -> records.find(id));
    }

    @Override
    public Optional<Job> update(UUID id, UnaryOperator<Job> change) {
        return calls.call(STORE, "record.update", of(id), () -> records.update(id, change));
    }

    @Override
    public void delete(Job job) {
        calls.run(STORE, "record.delete", of(job.id()), () -> records.delete(job));
    }

    @Override
    public boolean purge(Job finished) {
        return calls.call(STORE, "record.purge-one", of(finished.id()), () -> records.purge(finished));
    }

    @Override
    public Backlog backlog() {
        return calls.call(STORE, "record.backlog", Attributes.empty(), records::backlog);
    }

    @Override
    public List<Job> unfinishedCreatedBefore(Instant cutoff) {
        return calls.call(STORE, "record.list-unfinished", Attributes.empty(), () -> records.unfinishedCreatedBefore(cutoff));
    }

    @Override
    public int unfinishedCount(String owner, int atMost) {
        return calls.call(STORE, "record.count-unfinished", Attributes.empty(), () -> records.unfinishedCount(owner, atMost));
    }

    @Override
    public List<Job> purgeFinishedBefore(Instant cutoff, int limit) {
        return calls.call(STORE, "record.purge", Attributes.empty(), () -> records.purgeFinishedBefore(cutoff, limit));
    }

    @Override
    public Optional<IdempotencyClaim> claim(IdempotencyClaim claim) {
        return calls.call(STORE, "key.claim", of(claim.jobId()), () -> records.claim(claim));
    }

    @Override
    public boolean replaceClaim(IdempotencyClaim stale, IdempotencyClaim claim) {
        return calls.call(STORE, "key.replace", of(claim.jobId()), () -> records.replaceClaim(stale, claim));
    }

    @Override
    public void release(IdempotencyClaim claim) {
        calls.run(STORE, "key.release", of(claim.jobId()), () -> records.release(claim));
    }

    /** Readiness probes are neither timed nor traced: they are not work. */
    @Override
    public void checkAvailable() {
        calls.run(STORE, "record.probe", Attributes.empty(), records::checkAvailable);
    }

    static Attributes of(UUID jobId) {
        return Attributes.of(SpanAttributes.JOB_ID, jobId.toString());
    }
}
