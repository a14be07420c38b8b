package io.github.asyncjobs.job.callback;

import java.net.URI;
import java.util.UUID;

import io.github.asyncjobs.job.Job;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What a job asked to be told when it ends, kept with its record: the receiver's URL, checked when the job was accepted,
 * and the base URL the job was accepted under, from which any instance makes the event's {@code source} (the job's
 * monitor URL) and an absolute result URL; processors do not know the public base URL themselves.
 *
 * @param baseUrl the service's public base URL without a trailing slash, e.g. {@code https://jobs.example.com}
 */
@RegisterForReflection
public record Callback(URI url, String baseUrl) {

    /** The job's status monitor, the event's {@code source}. */
    public URI monitor(UUID jobId) {
        return URI.create(baseUrl + Job.monitorPath(jobId));
    }

    /** {@code reference} (a result URL, which may be relative to the service) made absolute. */
    public URI resolve(URI reference) {
        return reference.isAbsolute() ? reference : URI.create(baseUrl + reference);
    }
}
