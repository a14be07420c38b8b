package bench;

import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Accepts nothing and answers as the service does: 202, Location, Operation-Location, Retry-After and a monitor body. */
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
}
