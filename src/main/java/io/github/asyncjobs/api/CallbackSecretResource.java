package io.github.asyncjobs.api;

import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.github.asyncjobs.job.callback.CallbackSecrets;

/** Tells callers the secret their completion notifications are signed with, for their receivers to verify them. */
@Path("/api/callback-secret")
@Tag(name = "Jobs")
@SecurityRequirement(name = "entra-id")
@Produces(MediaType.APPLICATION_JSON)
public class CallbackSecretResource {

    private final CallbackSecrets secrets;
    private final Callers callers;

    public CallbackSecretResource(CallbackSecrets secrets, Callers callers) {
        this.secrets = secrets;
        this.callers = callers;
    }

    @GET
    @Operation(summary = "The caller's signing secret",
            description = "{secret: whsec_...}: the key of the webhook-signature of the caller's notifications, their own.")
    public Response secret() {
        var owner = callers.currentBlocking().mustSubmit().requester().owner().orElse(null);
        var secret = secrets.of(owner).orElseThrow(() -> new ProblemException(Problem.Type.NOT_FOUND.with(
                "Notifications are not signed on this service (jobs.callbacks.signing-secret is not set)")));
        return Response.ok(Map.of("secret", secret)).header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }
}
