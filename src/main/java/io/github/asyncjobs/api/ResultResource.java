package io.github.asyncjobs.api;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.github.asyncjobs.job.store.InvalidSignatureException;
import io.github.asyncjobs.job.store.ResultStore;

/** Serves results through the signed URLs of a store that hands out URLs to this service (the stand-in for SAS URLs). */
@Path(ResultStore.SELF_SERVED_PATH + "/{type}/{id}")
@Tag(name = "Results")
public class ResultResource {

    private static final List<String> SIGNED = List.of("se", "rsct", "rscd", "sig");

    private final ResultStore results;

    public ResultResource(ResultStore results) {
        this.results = results;
    }

    @GET
    @Operation(summary = "Download a result", description = "Only through a signed URL from the job's status; 403 when it was changed or has expired.")
    public Response download(@PathParam("type") String type, @PathParam("id") String id, @Context UriInfo uri) {
        // Read by exact name: the signature covers these four, and a name in other case is another parameter.
        var query = uri.getQueryParameters();
        if (SIGNED.stream().anyMatch(name -> query.get(name) == null)) {
            throw new ProblemException(Problem.Type.INVALID_SIGNATURE.with("The URL lacks its signature"));
        }
        // A signed parameter given twice is ambiguous (which one was signed?): refused, as a changed URL is.
        if (SIGNED.stream().anyMatch(name -> query.get(name).size() > 1)) {
            throw new ProblemException(Problem.Type.INVALID_SIGNATURE.with("The URL gives a signed parameter more than once"));
        }
        var expiry = query.getFirst("se");
        var mediaType = query.getFirst("rsct");
        var fileName = query.getFirst("rscd");
        var signature = query.getFirst("sig");
        try {
            var result = results.open(type, id, expiry, mediaType, fileName, signature)
                    .orElseThrow(() -> new ProblemException(Problem.Type.NOT_FOUND.with("There is no such result here")));
            return Response.ok(result.file().toFile(), result.mediaType())
                    .header("Content-Disposition", "attachment; filename=\"" + result.fileName() + "\"")
                    .header(HttpHeaders.CACHE_CONTROL, "private")
                    .build();
        } catch (InvalidSignatureException e) {
            throw new ProblemException(Problem.Type.INVALID_SIGNATURE.with(e.getMessage()));
        }
    }
}
