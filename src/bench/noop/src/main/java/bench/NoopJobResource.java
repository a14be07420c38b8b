package bench;

import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Does no work and answers as the service does: 202 with Location, Operation-Location, Retry-After and a monitor body
 * for a POST; a monitor body for GET /{id}; a 303 to a result URL for GET /{id}/status. The upper bound of each path.
 */
@Path("/api/jobs")
public class NoopJobResource {

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response submit(byte[] body) {
        var id = UUID.randomUUID();
        var now = Instant.now().toString();
        return Response.accepted(Map.of("id", id.toString(), "type", "echo", "status", "NotStarted", "createdDateTime", now,
                        "lastUpdatedDateTime", now))
                .location(URI.create("/api/jobs/" + id + "/status"))
                .header("Operation-Location", "/api/jobs/" + id)
                .header("Retry-After", "1")
                .header("Cache-Control", "no-store")
                .build();
    }

    @GET
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response monitor(@PathParam("id") UUID id) {
        var now = Instant.now().toString();
        return Response.ok(Map.of("id", id.toString(), "type", "echo", "status", "Succeeded", "createdDateTime", now,
                        "lastUpdatedDateTime", now, "percentComplete", 100,
                        "resourceLocation", "/api/results/echo/" + id + "?se=1&rsct=application%2Fjson&rscd=x&sig=y"))
                .header("Cache-Control", "no-store")
                .build();
    }

    @GET
    @Path("{id}/status")
    public Response status(@PathParam("id") UUID id) {
        return Response.seeOther(URI.create("/api/results/echo/" + id + "?se=1&rsct=application%2Fjson&rscd=x&sig=y"))
                .header("Cache-Control", "no-store")
                .build();
    }
}
