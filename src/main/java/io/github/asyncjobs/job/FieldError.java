package io.github.asyncjobs.job;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** One thing wrong with a request, located by a JSON Pointer into the request body. */
@RegisterForReflection
public record FieldError(String pointer, String message) {
}
