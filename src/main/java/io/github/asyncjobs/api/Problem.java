package io.github.asyncjobs.api;

import java.net.URI;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.github.asyncjobs.job.spi.FieldError;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** An RFC 9457 problem detail: the body of every error response, as {@code application/problem+json}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@RegisterForReflection
public record Problem(URI type, String title, int status, String detail, List<?> errors, String traceId) {

    /** @param errors {@link FieldError}s (a pointer into the body) or {@link ParameterError}s (a query parameter) */
    public Problem(URI type, String title, int status, String detail, List<?> errors) {
        this(type, title, status, detail, errors, null);
    }

    /** With the trace id of the request (an extension member), so that a client can quote it to an operator. */
    public Problem withTraceId(String id) {
        return new Problem(type, title, status, detail, errors, id);
    }

    public static final String MEDIA_TYPE = "application/problem+json";

    /** The kinds of problem this API reports; each {@code type} is documented in docs/api.md. */
    public enum Type {
        INVALID_REQUEST("invalid-request", "The request is not valid", 400),
        UNAUTHORIZED("unauthorized", "A valid bearer token is needed", 401),
        FORBIDDEN("forbidden", "The token does not allow this", 403),
        NOT_FOUND("not-found", "No such resource", 404),
        METHOD_NOT_ALLOWED("method-not-allowed", "Method not allowed", 405),
        NOT_ACCEPTABLE("not-acceptable", "No acceptable representation", 406),
        JOB_STATE_CONFLICT("job-state-conflict", "The job's status does not allow this", 409),
        REQUEST_IN_PROGRESS("request-in-progress", "A request with this Idempotency-Key is in progress", 409),
        REQUEST_TOO_LARGE("request-too-large", "The request body is too large", 413),
        UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", "The request body must be JSON", 415),
        IDEMPOTENCY_KEY_REUSED("idempotency-key-reused", "The Idempotency-Key was used for a different request", 422),
        RATE_LIMITED("rate-limited", "Too many accepts in too short a time", 429),
        QUOTA_EXCEEDED("quota-exceeded", "Too many unfinished jobs", 429),
        SERVICE_UNAVAILABLE("service-unavailable", "The service cannot take this request now", 503),
        INVALID_SIGNATURE("invalid-signature", "The result URL is not valid", 403),
        INTERNAL_ERROR("internal-error", "Internal error", 500);

        private final URI uri;
        private final String title;
        private final int status;

        Type(String slug, String title, int status) {
            this.uri = URI.create("urn:async-jobs:problem:" + slug);
            this.title = title;
            this.status = status;
        }

        public Problem with(String detail) {
            return with(detail, null);
        }

        public Problem with(String detail, List<?> errors) {
            return new Problem(uri, title, status, detail, errors);
        }

        public int status() {
            return status;
        }
    }
}
