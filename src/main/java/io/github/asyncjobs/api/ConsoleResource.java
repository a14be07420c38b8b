package io.github.asyncjobs.api;

import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.github.asyncjobs.config.JobsConfig;
import io.vertx.ext.web.Router;

/**
 * What the console (static files in META-INF/resources/console) needs from the service: its sign-in settings, and the
 * headers its files are served with: a content policy that lets it load and run only what comes from this origin and
 * call only this origin and, with sign-in, the authority's token endpoint.
 */
@Path("/console/settings.json")
public class ConsoleResource {

    private final ConsoleSettings settings;
    private final String contentPolicy;

    public ConsoleResource(JobsConfig config) {
        this.settings = ConsoleSettings.of(config);
        this.contentPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'"
                + settings.signInOrigin().map(origin -> " " + origin).orElse("")
                + "; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'";
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public ConsoleSettings settings() {
        return settings;
    }

    /** A route of the console's own, so that no other request (an accept, a poll) does any work for it. */
    void headers(@Observes Router router) {
        router.route("/console/*").order(Integer.MIN_VALUE + 1).handler(context -> {
            context.response().putHeader("Content-Security-Policy", contentPolicy).putHeader("X-Content-Type-Options", "nosniff");
            context.next();
        });
    }
}
