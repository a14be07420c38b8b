package io.github.asyncjobs.api;

import java.net.URI;
import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.github.asyncjobs.job.Job;
import io.github.asyncjobs.job.JobError;
import io.github.asyncjobs.job.JobStatus;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The status monitor of a job, shaped as the Azure REST API guidelines describe for long-running
 * operations, so that azure-core's {@code OperationResourcePollingStrategy} can poll it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@RegisterForReflection
public record JobMonitor(
        UUID id,
        String type,
        JobStatus status,
        Instant createdDateTime,
        Instant lastUpdatedDateTime,
        Integer percentComplete,
        URI resourceLocation,
        JobError error) {

    static JobMonitor of(Job job, URI resourceLocation) {
        return new JobMonitor(job.id(), job.type(), job.status(), job.createdDateTime(), job.lastUpdatedDateTime(),
                job.percentComplete(), resourceLocation, job.error());
    }
}
