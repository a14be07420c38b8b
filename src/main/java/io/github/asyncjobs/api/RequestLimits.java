package io.github.asyncjobs.api;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.github.asyncjobs.config.JobsConfig;
import io.vertx.core.http.HttpServerRequest;

/** Request checks made before a body is read or a resource chosen. */
public class RequestLimits {

    private final JobsConfig config;

    public RequestLimits(JobsConfig config) {
        this.config = config;
    }

    /** Refuses a body that declares itself too large, without reading it. */
    @ServerRequestFilter(preMatching = true)
    public Response declaredSize(HttpServerRequest request) {
        var length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        int limit = config.api().maxRequestBytes();
        if (length != null && length.chars().allMatch(Character::isDigit) && length.length() < 19 && Long.parseLong(length) > limit) {
            return ProblemMapper.respond(Problem.Type.REQUEST_TOO_LARGE.with(tooLarge(limit)));
        }
        return null;
    }

    /** An instance whose acceptor role is off serves no API, only health and metrics. */
    @ServerRequestFilter(preMatching = true)
    public Response acceptorRole(HttpServerRequest request) {
        if (!config.acceptor().enabled() && request.path().startsWith("/api/")) {
            return ProblemMapper.respond(Problem.Type.NOT_FOUND.with("This instance does not serve the jobs API (jobs.acceptor.enabled=false)"));
        }
        return null;
    }

    static String tooLarge(int limit) {
        return "The request body is larger than " + limit + " bytes";
    }
}
