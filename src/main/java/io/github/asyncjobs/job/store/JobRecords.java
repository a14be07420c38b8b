package io.github.asyncjobs.job.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

import io.github.asyncjobs.job.Job;
import io.github.asyncjobs.job.JobPage;
import io.github.asyncjobs.job.JobQuery;
import io.github.asyncjobs.job.queue.JobMessage;

/**
 * Where job records live. Implementations make {@link #update} atomic per job, so concurrent writers
 * (a processor, a cancel, a redelivered message) can never move a job backwards.
 * Every method throws {@link StoreUnavailableException} when the store cannot answer.
 */
public interface JobRecords {

    /**
     * Creates the record and keeps {@code message} with it until {@link #markQueued}, so that a job recorded by a
     * process that died before queueing it can be queued later ({@link #unqueuedBefore}).
     *
     * @return false when a record with the same id already exists
     */
    boolean create(Job job, JobMessage message);

    /** The queue took the job's message: nothing to send again. Best effort; may complete in the background. */
    void markQueued(UUID id);

    /**
     * Whether the queue has taken the job's message: false while it waits in the outbox (recorded, not yet marked
     * queued). A job that has started, or is gone, counts as queued.
     */
    boolean queued(UUID id);

    /**
     * Puts {@code message} back in the outbox of its job, if the job has not started: the requeue sweep sends it again,
     * as it sends a job whose process died before queueing it ({@link #unqueuedBefore}).
     *
     * @return false when the job is gone or has started
     */
    boolean requeue(JobMessage message);

    /** Messages of jobs recorded before {@code cutoff}, never marked queued and still not started; at most {@code limit}. */
    List<JobMessage> unqueuedBefore(Instant cutoff, int limit);

    Optional<Job> find(UUID id);

    /**
     * A page of the jobs of {@code owner} ({@link io.github.asyncjobs.job.Requester#listedAs()}) that match
     * {@code query}, newest first, read through an index: never a scan of every job.
     *
     * @throws IllegalArgumentException when the query's continuation is not one this store wrote
     */
    JobPage list(String owner, JobQuery query);

    /**
     * A page of every owner's jobs in {@code tenantId} that match {@code query}, newest first, continued as
     * {@link #list} is: a manager's listing.
     */
    JobPage listTenant(String tenantId, JobQuery query);

    /**
     * Applies {@code change} to the current record and stores the result if the status may move that way.
     * {@code change} may run more than once under contention; returning the same instance means "no change".
     *
     * @return the record as stored afterwards, or empty when there is none
     */
    Optional<Job> update(UUID id, UnaryOperator<Job> change);

    /** Takes back a job whose accept failed: its record, if written, and what was written with it. */
    void delete(Job job);

    /**
     * Erases a finished job now, as retention would later: its record, its listing entry and the idempotency key bound
     * to it ({@link Job#idempotencyKey}, if still bound to it). Its result and notification are the caller's to erase.
     *
     * @return false when the job is gone or not finished
     */
    boolean purge(Job finished);

    /**
     * How many jobs have not finished, and the earliest start among them (its acceptance, or its notBefore when later;
     * for metrics; may lag a little).
     */
    record Backlog(long unfinished, Optional<Instant> oldestStart) {
    }

    Backlog backlog();

    /**
     * How many jobs of {@code owner} ({@link io.github.asyncjobs.job.Requester#listedAs()}) are not finished, counted up
     * to {@code atMost}: what the per-caller limit compares. A store shared by instances counts every instance's jobs;
     * it may count a job that finished in the last seconds, never miss one accepted here.
     */
    int unfinishedCount(String owner, int atMost);

    /** Jobs not yet in a terminal state that were created before {@code cutoff}, oldest first. */
    List<Job> unfinishedCreatedBefore(Instant cutoff);

    /**
     * Deletes up to {@code limit} finished jobs that last changed before {@code cutoff}, oldest first, and the
     * idempotency keys bound before it. Stores that expire their data themselves (Blob Storage, by a lifecycle
     * management rule) delete nothing here.
     *
     * @return the jobs deleted, so that their results can be deleted too
     */
    List<Job> purgeFinishedBefore(Instant cutoff, int limit);

    /**
     * Binds an idempotency key to a job unless it is bound already.
     *
     * @return the existing binding when the key was taken, empty when {@code claim} was stored
     */
    Optional<IdempotencyClaim> claim(IdempotencyClaim claim);

    /**
     * Replaces the binding {@code stale} (as {@link #claim} returned it) with {@code claim}, atomically.
     *
     * @return false when the key is no longer bound as {@code stale} says (someone else took it over first)
     */
    boolean replaceClaim(IdempotencyClaim stale, IdempotencyClaim claim);

    void release(IdempotencyClaim claim);

    /** Throws {@link StoreUnavailableException} unless the store can be read and written. */
    void checkAvailable();
}
