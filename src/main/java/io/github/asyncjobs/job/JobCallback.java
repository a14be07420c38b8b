package io.github.asyncjobs.job;

import java.net.URI;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What a job asked to be told when it ends, kept with its record: the receiver's URL, checked when the job was accepted,
 * and the base URL the job was accepted under, from which any instance makes the event's {@code source} (the job's
 * monitor URL) and an absolute result URL; processors do not know the public base URL themselves.
 *
 * @param baseUrl the service's public base URL without a trailing slash, e.g. {@code https://jobs.example.com}
 */
@RegisterForReflection
public record JobCallback(URI url, String baseUrl) {

    /** {@code reference} (a result URL or the job's monitor, which may be relative to the service) made absolute. */
    public URI resolve(URI reference) {
        return reference.isAbsolute() ? reference : URI.create(baseUrl + reference);
    }
}
