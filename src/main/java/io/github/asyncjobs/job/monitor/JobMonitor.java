package io.github.asyncjobs.job.monitor;

import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import io.github.asyncjobs.job.Job;
import io.github.asyncjobs.job.JobError;
import io.github.asyncjobs.job.JobOwner;
import io.github.asyncjobs.job.JobStatus;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The status monitor of a job, shaped as the Azure REST API guidelines describe for long-running
 * operations, so that azure-core's {@code OperationResourcePollingStrategy} can poll it. It is also the data of the
 * job's completion notification, which is why it lives in the job layer.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@RegisterForReflection
public record JobMonitor(
        UUID id,
        String type,
        JobStatus status,
        Instant createdDateTime,
        Instant lastUpdatedDateTime,
        Instant notBefore,
        Integer percentComplete,
        String stage,
        JsonNode customStatus,
        URI resourceLocation,
        JobError error,
        CallbackState callback,
        Map<String, String> tags,
        UUID rerunOf,
        JobOwner owner) {

    /**
     * @param resourceLocation the absolute, freshly signed result URL of a succeeded job; null otherwise
     * @param callback how the job's notification stands; null when it asked for none (and in the notification itself)
     * The owner is shown for a manager's listing of every caller's jobs; an open service has none.
     */
    public static JobMonitor of(Job job, URI resourceLocation, CallbackState callback) {
        return new JobMonitor(job.id(), job.type(), job.status(), job.createdDateTime(), job.lastUpdatedDateTime(), job.notBefore(),
                job.percentComplete(), job.stage(), job.customStatus(), resourceLocation, job.error(), callback, job.tags().isEmpty() ? null : job.tags(), job.rerunOf(),
                job.owner());
    }
}
