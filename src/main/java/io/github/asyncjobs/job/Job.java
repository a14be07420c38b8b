package io.github.asyncjobs.job;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The record of one job. Immutable: every change makes a new record, which the store writes only if
 * the status may move that way.
 *
 * @param requestHash SHA-256 of the accepted request, to tell a replay from a different request under the same idempotency key
 * @param attempts how many times a processor has started the job's handler
 * @param input the job's input, kept once the job failed, so that an operator can resubmit it (docs/operations.md)
 * @param owner who submitted the job, when the service authenticates its callers; null on an open service
 * @param callback where to send a notification when the job ends; null when the request asked for none
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
        String requestHash,
        @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode input,
        @JsonInclude(JsonInclude.Include.NON_NULL) JobOwner owner,
        @JsonInclude(JsonInclude.Include.NON_NULL) JobCallback callback) {

    public static Job accepted(UUID id, String type, String requestHash, JobOwner owner, JobCallback callback, Instant now) {
        return new Job(id, type, JobStatus.NotStarted, now, now, null, null, null, 0, requestHash, null, owner, callback);
    }

    /** Where the job's status monitor is, relative to the service's base URL. */
    public static String monitorPath(UUID id) {
        return "/api/jobs/" + id;
    }

    public Job startAttempt(Instant now) {
        return new Job(id, type, JobStatus.Running, createdDateTime, now, percentComplete, null, null, attempts + 1, requestHash, null,
                owner, callback);
    }

    /** An attempt given up at shutdown, before it could end: it does not count, and the next delivery starts afresh. */
    public Job handBack(Instant now) {
        return new Job(id, type, status, createdDateTime, now, percentComplete, null, null, Math.max(0, attempts - 1), requestHash,
                null, owner, callback);
    }

    public Job progress(int percent, Instant now) {
        return new Job(id, type, status, createdDateTime, now, percent, error, result, attempts, requestHash, input, owner, callback);
    }

    public Job succeed(ResultFile file, Instant now) {
        return new Job(id, type, JobStatus.Succeeded, createdDateTime, now, 100, null, file, attempts, requestHash, null, owner, callback);
    }

    public Job fail(JobError failure, Instant now) {
        return fail(failure, null, now);
    }

    /** Failed, keeping {@code failedInput} (when known) with the record. */
    public Job fail(JobError failure, JsonNode failedInput, Instant now) {
        return new Job(id, type, JobStatus.Failed, createdDateTime, now, percentComplete, failure, null, attempts, requestHash,
                failedInput, owner, callback);
    }

    public Job cancel(Instant now) {
        return new Job(id, type, JobStatus.Canceled, createdDateTime, now, percentComplete, null, null, attempts, requestHash, null,
                owner, callback);
    }

    public boolean isTerminal() {
        return status.isTerminal();
    }
}
