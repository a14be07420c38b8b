package io.github.asyncjobs.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.github.asyncjobs.job.JobOwner;
import io.github.asyncjobs.job.activity.ActivityOverview;
import io.github.asyncjobs.job.activity.ActivityOverviews;

/**
 * The last hour of the service for an operator (the console's operator view): the backlog, accepts and ends per
 * minute, completion latency, failures by error code. A manager sees their own tenant's jobs counted.
 */
@Path("/api/activity")
@Tag(name = "Operations")
@SecurityRequirement(name = "entra-id")
@Produces(MediaType.APPLICATION_JSON)
public class ActivityResource {

    private final ActivityOverviews overviews;
    private final Callers callers;

    public ActivityResource(ActivityOverviews overviews, Callers callers) {
        this.overviews = overviews;
        this.callers = callers;
    }

    @GET
    @Operation(summary = "The last hour", description = "Needs Jobs.Manage; the backlog is the whole service's, the rest the tenant's")
    @APIResponse(responseCode = "200", description = "The overview",
            content = @Content(schema = @Schema(implementation = ActivityOverview.class)))
    public Response activity() {
        var requester = callers.currentBlocking().mustManage().requester();
        var overview = overviews.overview(requester.owner().map(JobOwner::tenantId));
        return Response.ok(overview).header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }
}
