package io.github.asyncjobs.api;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.github.asyncjobs.job.service.JobService;

/** The job types a caller may submit, for clients that offer a choice (the console's type picker). */
@Path("/api/job-types")
@Tag(name = "Jobs")
@SecurityRequirement(name = "entra-id")
@Produces(MediaType.APPLICATION_JSON)
public class JobTypesResource {

    private final JobService jobs;
    private final Callers callers;

    public JobTypesResource(JobService jobs, Callers callers) {
        this.jobs = jobs;
        this.callers = callers;
    }

    @GET
    @Operation(summary = "The job types", description = "{value: [type]}, sorted")
    public Map<String, List<String>> types() {
        callers.currentBlocking().mustRead();
        return Map.of("value", jobs.types());
    }
}
