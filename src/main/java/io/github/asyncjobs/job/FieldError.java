package io.github.asyncjobs.job;

/** One thing wrong with a request, located by a JSON Pointer into the request body. */
public record FieldError(String pointer, String message) {
}
