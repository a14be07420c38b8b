package io.github.asyncjobs.api;

import java.net.URI;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.github.asyncjobs.job.monitor.JobMonitor;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** A page of jobs in the Azure REST API guidelines' shape; {@code nextLink} is absent on the last page. */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobList(List<JobMonitor> value, URI nextLink) {
}
