package io.github.asyncjobs.job;

import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A request to run a job, as read from the HTTP body.
 *
 * @param traceParent the caller's W3C trace context, passed on with the queue message
 * @param bodyHash SHA-256 of the request body, so that a replay under the same idempotency key can be told from a different request
 */
public record JobRequest(String type, JsonNode input, Optional<String> idempotencyKey, Optional<String> traceParent, String bodyHash) {

    private static final Pattern TRACE_PARENT = Pattern.compile("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");

    /** A request; a trace context that is not valid W3C {@code traceparent} is dropped, as tracers do. */
    public static JobRequest of(String type, JsonNode input, Optional<String> idempotencyKey, Optional<String> traceParent, byte[] body) {
        return new JobRequest(type, input, idempotencyKey, traceParent.filter(t -> TRACE_PARENT.matcher(t).matches()), Sha256.hex(body));
    }
}
