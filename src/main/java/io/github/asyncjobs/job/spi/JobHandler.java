package io.github.asyncjobs.job.spi;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The extension point: one implementation per job type, as an {@code @ApplicationScoped} bean.
 * The input is read from the request's {@code input} with Jackson and checked with Bean Validation
 * before the job is accepted (see {@link #read}); {@link #handle} runs later on a processor, at least once, so it must be
 * safe to repeat. See docs/job-handlers.md.
 *
 * @param <I> the input type, annotated with Bean Validation constraints
 */
public interface JobHandler<I> {

    /** The value of {@code type} in requests, e.g. {@code sales-report}. */
    String type();

    Class<I> inputType();

    /**
     * Makes the handler's input of the request's {@code input}, when the job is accepted and again before each attempt.
     * The default reads it whole as {@link #inputType()}; override it to read parts on their own, e.g. to skip invalid
     * items rather than refuse the job.
     *
     * @throws InvalidJobException when the job cannot be accepted, with every error's pointer into the request body
     */
    default I read(JsonNode input, InputReader reader) {
        return reader.read(input, inputType(), "/input");
    }

    /** Media type of the result; JSON results may be any Jackson-serialisable object. */
    default String mediaType() {
        return "application/json";
    }

    /** Application properties to put on the queue message, for routing or filtering by the broker. */
    default Map<String, String> messageProperties(I input) {
        return Map.of();
    }

    /**
     * Does the work. Throw {@link JobFailedException} to fail the job at once (bad data); any other
     * exception is retried with back-off until the attempts run out.
     *
     * @return the result: a {@code byte[]} or {@code String} as is, anything else serialised as JSON
     */
    Object handle(I input, JobContext context) throws Exception;
}
