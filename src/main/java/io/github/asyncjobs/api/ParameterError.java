package io.github.asyncjobs.api;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** One thing wrong with a request's query parameter, named as in the URL. */
@RegisterForReflection
public record ParameterError(String parameter, String message) {
}
