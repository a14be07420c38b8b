package io.github.asyncjobs.api;

import java.net.URI;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.UriInfo;

import io.github.asyncjobs.config.JobsConfig;

/**
 * Makes the absolute URLs the API hands out: against the configured public base URL, or else against
 * the request's own base URL (which honours X-Forwarded-* when proxy forwarding is enabled).
 */
@ApplicationScoped
public class PublicUrls {

    private final JobsConfig config;

    public PublicUrls(JobsConfig config) {
        this.config = config;
    }

    /** {@code reference} resolved against the public base URL; absolute references are returned as they are. */
    public URI resolve(UriInfo request, String reference) {
        return resolve(request, URI.create(reference));
    }

    public URI resolve(UriInfo request, URI reference) {
        if (reference.isAbsolute()) {
            return reference;
        }
        var base = config.api().publicBaseUrl().orElseGet(request::getBaseUri).toString();
        var root = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        return URI.create(root + reference);
    }
}
