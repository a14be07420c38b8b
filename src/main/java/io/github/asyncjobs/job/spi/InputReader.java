package io.github.asyncjobs.job.spi;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads JSON from a job's input into a handler's types as the service reads every input: strictly (values as sent,
 * nothing guessed), then checked with Bean Validation. A handler uses it to read parts of its input on their own.
 */
public interface InputReader {

    /**
     * @param pointer where {@code json} is in the request body (e.g. {@code /input/events/3}): the errors' pointers start so
     * @throws InvalidJobException with every broken rule found, or the first value that cannot be read as its type
     */
    <T> T read(JsonNode json, Class<T> type, String pointer);
}
