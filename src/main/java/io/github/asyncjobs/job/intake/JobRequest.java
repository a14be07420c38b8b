package io.github.asyncjobs.job.intake;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import io.github.asyncjobs.job.Sha256;
import io.github.asyncjobs.job.callback.CallbackRequest;

/**
 * A request to run a job, as read from the HTTP body.
 *
 * @param bodyHash SHA-256 of the request body, so that a replay under the same idempotency key can be told from a different request
 * @param tags labels to find the job by, checked ({@link io.github.asyncjobs.job.JobTags})
 * @param notBefore when the job may start, if later than now (checked against {@code jobs.scheduling.max-delay})
 * @param callback where to notify when the job ends, if the request asks for it
 */
public record JobRequest(String type, JsonNode input, Map<String, String> tags, Optional<Instant> notBefore,
        Optional<String> idempotencyKey, String bodyHash, Optional<CallbackRequest> callback) {

    public static JobRequest of(String type, JsonNode input, Map<String, String> tags, Optional<Instant> notBefore,
            Optional<String> idempotencyKey, byte[] body, Optional<CallbackRequest> callback) {
        return new JobRequest(type, input, tags, notBefore, idempotencyKey, Sha256.hex(body), callback);
    }
}
