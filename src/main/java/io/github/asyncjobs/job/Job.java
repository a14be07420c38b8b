package io.github.asyncjobs.job;

import java.time.Instant;
import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The record of one job. Immutable: every change makes a new record, which the store writes only if
 * the status may move that way.
 *
 * @param requestHash SHA-256 of the accepted request, to tell a replay from a different request under the same idempotency key
 * @param attempts how many times a processor has started the job's handler
 */
@RegisterForReflection
public record Job(
        UUID id,
        String type,
        JobStatus status,
        Instant createdDateTime,
        Instant lastUpdatedDateTime,
        Integer percentComplete,
        JobError error,
        ResultFile result,
        int attempts,
        String requestHash) {

    public static Job accepted(UUID id, String type, String requestHash, Instant now) {
        return new Job(id, type, JobStatus.NotStarted, now, now, null, null, null, 0, requestHash);
    }

    public Job startAttempt(Instant now) {
        return new Job(id, type, JobStatus.Running, createdDateTime, now, percentComplete, null, null, attempts + 1, requestHash);
    }

    public Job progress(int percent, Instant now) {
        return new Job(id, type, status, createdDateTime, now, percent, error, result, attempts, requestHash);
    }

    public Job succeed(ResultFile file, Instant now) {
        return new Job(id, type, JobStatus.Succeeded, createdDateTime, now, 100, null, file, attempts, requestHash);
    }

    public Job fail(JobError failure, Instant now) {
        return new Job(id, type, JobStatus.Failed, createdDateTime, now, percentComplete, failure, null, attempts, requestHash);
    }

    public Job cancel(Instant now) {
        return new Job(id, type, JobStatus.Canceled, createdDateTime, now, percentComplete, null, null, attempts, requestHash);
    }

    public boolean isTerminal() {
        return status.isTerminal();
    }
}
