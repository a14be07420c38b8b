package io.github.asyncjobs.api;

import java.net.URI;
import java.net.URISyntaxException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.UriInfo;

import io.github.asyncjobs.config.JobsConfig;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;

/**
 * Makes the absolute URLs the API hands out: against the configured public base URL, or else against
 * the request's own base URL (which honours X-Forwarded-* when proxy forwarding is enabled).
 */
@ApplicationScoped
public class PublicUrls {

    private final JobsConfig config;
    private final CurrentVertxRequest current;

    public PublicUrls(JobsConfig config, CurrentVertxRequest current) {
        this.config = config;
        this.current = current;
    }

    /**
     * The base URL the request was sent to; for an HTTP/1.0 request, which needs no {@code Host}, without one: the
     * address it came in on.
     */
    private URI requestBase(UriInfo request) {
        var routing = current.getCurrent();
        if (routing == null || routing.request().getHeader(HttpHeaders.HOST) != null) {
            return request.getBaseUri();
        }
        var local = routing.request().localAddress();
        var host = local.hostAddress().contains(":") ? "[" + local.hostAddress() + "]" : local.hostAddress();
        return URI.create((routing.request().isSSL() ? "https" : "http") + "://" + host + ":" + local.port() + "/");
    }

    /** {@code reference} resolved against the public base URL; absolute references are returned as they are. */
    public URI resolve(UriInfo request, String reference) {
        return resolve(request, URI.create(reference));
    }

    public URI resolve(UriInfo request, URI reference) {
        return reference.isAbsolute() ? reference : URI.create(root(request) + reference);
    }

    /**
     * The base URL without its trailing slash. A request whose {@code Host} or {@code X-Forwarded-*} headers make no
     * valid URL is the client's mistake: {@code 400}, and, since accepting checks this first, no job is made.
     */
    public String root(UriInfo request) {
        try {
            var base = config.api().publicBaseUrl().orElseGet(() -> requestBase(request)).toString();
            var root = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
            var parsed = new URI(root + "/");
            if (!parsed.isAbsolute() || parsed.getHost() == null || !parsed.getScheme().matches("https?")) {
                throw new URISyntaxException(root, "not an http(s) URL with a host");
            }
            return root;
        } catch (URISyntaxException | RuntimeException e) {
            throw new ProblemException(Problem.Type.INVALID_REQUEST.with(
                    "The request's Host or X-Forwarded-* headers do not make a valid URL"));
        }
    }
}
