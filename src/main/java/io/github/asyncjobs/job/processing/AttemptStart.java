package io.github.asyncjobs.job.processing;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

import io.github.asyncjobs.job.Job;
import io.github.asyncjobs.job.JobStatus;
import io.github.asyncjobs.job.store.JobRecords;

/**
 * The start of an attempt and when it reaches the job's record. Normally at once; but the first attempt of a job on its
 * first delivery is written with the attempt's first later write (its end, a progress report), or on its own once the
 * attempt has run for {@code jobs.processor.start-write-delay}: a short job's record is written twice while it is
 * processed, not three times. Until then the record says {@code NotStarted}, which a cancel or expiry may end as ever.
 * A later delivery, or a later attempt, writes its start first: an attempt cut short by a crash before its start was
 * written is counted by the queue's delivery count instead, and the next one is counted by the record.
 */
final class AttemptStart {

    private final JobRecords records;
    private final UUID id;
    private Job started;
    private final Instant at;
    private final long writeDue;
    private volatile boolean written;

    private AttemptStart(JobRecords records, Job current, Instant at, Duration delay) {
        this.records = records;
        this.id = current.id();
        this.started = current.startAttempt(at);
        this.at = at;
        this.writeDue = System.nanoTime() + delay.toNanos();
    }

    /**
     * Starts an attempt of {@code current}, a job that is not finished; empty when its record moved on meanwhile (no
     * attempt to make).
     *
     * @param delay how long the start may wait for a later write; zero writes it now
     */
    static Optional<AttemptStart> begin(JobRecords records, Job current, Duration delay) {
        var start = new AttemptStart(records, current, Instant.now(), delay);
        if (!delay.isZero()) {
            return Optional.of(start);
        }
        var stored = start.update(UnaryOperator.identity()).filter(j -> j.status() == JobStatus.Running);
        stored.ifPresent(job -> start.started = job);
        return stored.map(job -> start);
    }

    /** The job as its attempt started. */
    Job job() {
        return started;
    }

    /**
     * Read-modify-write of the record, the start applied first while it is not written: {@code change} sees the job
     * as started, or as someone else left it (canceled, expired).
     */
    Optional<Job> update(UnaryOperator<Job> change) {
        var after = records.update(id, j -> change.apply(!written && j.status().canMoveTo(JobStatus.Running) ? j.startAttempt(at) : j));
        written = true;
        return after;
    }

    /** Nanoseconds until the start is due to be written on its own; {@code Long.MAX_VALUE} once written. */
    long nanosUntilDue() {
        return written ? Long.MAX_VALUE : Math.max(0, writeDue - System.nanoTime());
    }

    /** Writes the start unless it is written; false when the job is no longer this attempt's to run. */
    boolean write() {
        return written || update(UnaryOperator.identity()).filter(j -> j.status() == JobStatus.Running).isPresent();
    }

    /** Writes the start if it is due; false when the job is no longer this attempt's to run. */
    boolean writeIfDue() {
        return nanosUntilDue() != 0 || write();
    }

    /** Whether {@code stored} is still this attempt's to run: running, or not yet started as far as the record knows. */
    boolean stillRunning(Job stored) {
        return stored.status() == JobStatus.Running || !written && stored.status() == JobStatus.NotStarted;
    }

    /** Whether the record knows of the attempt: when it does not, a hand-back has nothing to undo. */
    boolean written() {
        return written;
    }
}
