package io.github.asyncjobs.api;

import java.time.Instant;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The body of {@code POST /api/jobs}, as the OpenAPI document describes it. The service reads the body itself, strictly
 * ({@link JobResource}): this type only names its members for the document.
 */
@Schema(name = "JobSubmission", description = "A job to run; any other member is refused (400)")
record JobSubmission(
        @Schema(required = true, description = "The job type, e.g. echo or sales-report") String type,
        @Schema(description = "The job's input, as its type reads it") JsonNode input,
        @Schema(description = "Up to 10 labels; keys 1-64 of A-Z a-z 0-9 . _ -, values up to 256 characters") Map<String, String> tags,
        @Schema(description = "RFC 3339 instant: start no earlier than this, at most jobs.scheduling.max-delay (7 days) ahead")
        Instant notBefore,
        @Schema(description = "Where to POST a CloudEvent when the job ends") Callback callback) {

    @Schema(name = "JobCallback")
    record Callback(@Schema(required = true, description = "An https URL") String url) {
    }
}
