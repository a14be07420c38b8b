package io.github.asyncjobs.job.spi;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** One thing wrong with a request, located by a JSON Pointer into the request body. */
@RegisterForReflection
public record FieldError(String pointer, String message) {

    /** A member name as a JSON Pointer reference token (RFC 6901: {@code ~} and {@code /} escaped). */
    public static String token(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }
}
