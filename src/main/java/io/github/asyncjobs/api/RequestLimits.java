package io.github.asyncjobs.api;

import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.github.asyncjobs.config.JobsConfig;
import io.vertx.core.http.HttpServerRequest;

/** Request checks made before a resource is chosen. */
public class RequestLimits {

    private final JobsConfig config;

    public RequestLimits(JobsConfig config) {
        this.config = config;
    }

    /** An instance whose acceptor role is off serves no API, only health and metrics. */
    @ServerRequestFilter(preMatching = true)
    public Response acceptorRole(HttpServerRequest request) {
        if (!config.acceptor().enabled() && request.path().startsWith("/api/")) {
            return ProblemMapper.respond(Problem.Type.NOT_FOUND.with("This instance does not serve the jobs API (jobs.acceptor.enabled=false)"));
        }
        return null;
    }
}
