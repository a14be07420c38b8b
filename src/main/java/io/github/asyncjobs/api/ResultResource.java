package io.github.asyncjobs.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.github.asyncjobs.storage.StorageBackends;
import io.github.asyncjobs.storage.local.InvalidSignatureException;
import io.github.asyncjobs.storage.local.LocalResultStore;

/** Serves results of the embedded store through the signed URLs it hands out (the stand-in for SAS URLs). */
@Path(LocalResultStore.URL_PATH + "/{type}/{id}")
@Tag(name = "Results")
public class ResultResource {

    private final StorageBackends stores;

    public ResultResource(StorageBackends stores) {
        this.stores = stores;
    }

    @GET
    @Operation(summary = "Download a result", description = "Only through a signed URL from the job's status; 403 when it was changed or has expired.")
    public Response download(@PathParam("type") String type, @PathParam("id") String id, @QueryParam("se") String expiry,
            @QueryParam("rsct") String mediaType, @QueryParam("rscd") String fileName, @QueryParam("sig") String signature) {
        var local = stores.localResults().orElseThrow(
                () -> new ProblemException(Problem.Type.NOT_FOUND.with("Results are served by the result store's own URLs")));
        if (expiry == null || mediaType == null || fileName == null || signature == null) {
            throw new ProblemException(Problem.Type.INVALID_SIGNATURE.with("The URL lacks its signature"));
        }
        try {
            var result = local.open(type, id, expiry, mediaType, fileName, signature)
                    .orElseThrow(() -> new ProblemException(Problem.Type.NOT_FOUND.with("The result no longer exists")));
            return Response.ok(result.file().toFile(), result.mediaType())
                    .header("Content-Disposition", "attachment; filename=\"" + result.fileName() + "\"")
                    .header(HttpHeaders.CACHE_CONTROL, "private")
                    .build();
        } catch (InvalidSignatureException e) {
            throw new ProblemException(Problem.Type.INVALID_SIGNATURE.with(e.getMessage()));
        }
    }
}
