package io.github.asyncjobs.job;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The record of one job. Immutable: every change makes a new record, which the store writes only if
 * the status may move that way.
 *
 * @param requestHash SHA-256 of the accepted request, to tell a replay from a different request under the same idempotency key
 * @param notBefore when the job may start, if it was scheduled for later; null for at once
 * @param stage what the handler said it is doing, at most 64 characters; kept once the job ends
 * @param customStatus a JSON value the handler reported (at most 16 KiB), as Durable Functions' custom status; kept too
 * @param attempts how many times a processor has started the job's handler
 * @param input the job's input, kept until it succeeds: a failed or canceled job can be run again (docs/api.md, {@code :rerun})
 * @param owner who submitted the job, when the service authenticates its callers; null on an open service
 * @param callback where to send a notification when the job ends; null when the request asked for none
 * @param tags labels given at submit, to find the job by ({@link JobTags}); empty for none (null in records written before tags)
 * @param rerunOf the failed or canceled job this one runs again; null for a job submitted as such
 * @param idempotencyKey the Idempotency-Key bound to the job, in its caller's scope; null when it was sent without one
 */
@RegisterForReflection
public record Job(
        UUID id,
        String type,
        JobStatus status,
        Instant createdDateTime,
        Instant lastUpdatedDateTime,
        @JsonInclude(JsonInclude.Include.NON_NULL) Instant notBefore,
        Integer percentComplete,
        @JsonInclude(JsonInclude.Include.NON_NULL) String stage,
        @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode customStatus,
        JobError error,
        ResultFile result,
        int attempts,
        String requestHash,
        @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode input,
        @JsonInclude(JsonInclude.Include.NON_NULL) JobOwner owner,
        @JsonInclude(JsonInclude.Include.NON_NULL) JobCallback callback,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> tags,
        @JsonInclude(JsonInclude.Include.NON_NULL) UUID rerunOf,
        @JsonInclude(JsonInclude.Include.NON_NULL) String idempotencyKey) {

    public Job {
        tags = tags == null ? Map.of() : tags;
    }

    public static Job accepted(UUID id, String type, String requestHash, JobOwner owner, JobCallback callback, Instant now) {
        return accepted(id, type, requestHash, owner, callback, null, Map.of(), null, null, null, now);
    }

    /**
     * @param input kept until the job succeeds, so that a failed or canceled job can be run again ({@code :rerun})
     * @param tags labels to find the job by ({@link JobTags})
     * @param notBefore when the job may start, if later than now
     * @param rerunOf the job this one runs again, if it is a rerun
     * @param idempotencyKey the key bound to the job, as scoped ({@link Requester#scope}), so that purging it unbinds it
     */
    public static Job accepted(UUID id, String type, String requestHash, JobOwner owner, JobCallback callback, JsonNode input,
            Map<String, String> tags, Instant notBefore, UUID rerunOf, String idempotencyKey, Instant now) {
        return new Job(id, type, JobStatus.NotStarted, now, now, notBefore, null, null, null, null, null, 0, requestHash, input, owner,
                callback, Map.copyOf(tags), rerunOf, idempotencyKey);
    }

    /** Where the job's status monitor is, relative to the service's base URL. */
    public static String monitorPath(UUID id) {
        return "/api/jobs/" + id;
    }

    public Job startAttempt(Instant now) {
        return moved(JobStatus.Running, now, percentComplete, null, null, attempts + 1, input);
    }

    /** An attempt given up at shutdown, before it could end: it does not count, and the next delivery starts afresh. */
    public Job handBack(Instant now) {
        return moved(status, now, percentComplete, null, null, Math.max(0, attempts - 1), input);
    }

    /** What the handler last reported: a percentage, what it is doing ({@code stage}) and a JSON value of its own. */
    public Job progress(Integer percent, String newStage, JsonNode newCustomStatus, Instant now) {
        return new Job(id, type, status, createdDateTime, now, notBefore, percent, newStage, newCustomStatus, error, result, attempts,
                requestHash, input, owner, callback, tags, rerunOf, idempotencyKey);
    }

    /** Succeeded: the input is no longer kept (a succeeded job is not run again). */
    public Job succeed(ResultFile file, Instant now) {
        return moved(JobStatus.Succeeded, now, 100, null, file, attempts, null);
    }

    public Job fail(JobError failure, Instant now) {
        return fail(failure, null, now);
    }

    /** Failed, keeping {@code failedInput} (when known, else the input kept since acceptance) with the record. */
    public Job fail(JobError failure, JsonNode failedInput, Instant now) {
        return moved(JobStatus.Failed, now, percentComplete, failure, null, attempts, failedInput != null ? failedInput : input);
    }

    public Job cancel(Instant now) {
        return moved(JobStatus.Canceled, now, percentComplete, null, null, attempts, input);
    }

    /** When the job may start: its {@code notBefore}, or its creation when it was not scheduled for later. */
    public Instant startsAt() {
        return notBefore != null && notBefore.isAfter(createdDateTime) ? notBefore : createdDateTime;
    }

    public boolean isTerminal() {
        return status.isTerminal();
    }

    private Job moved(JobStatus newStatus, Instant now, Integer percent, JobError newError, ResultFile newResult, int newAttempts,
            JsonNode keptInput) {
        return new Job(id, type, newStatus, createdDateTime, now, notBefore, percent, stage, customStatus, newError, newResult,
                newAttempts, requestHash, keptInput, owner, callback, tags, rerunOf, idempotencyKey);
    }
}
