package io.github.asyncjobs.job;

import java.util.Map;
import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** What a succeeded job produced: where its bytes are kept is the result store's business. */
@RegisterForReflection
public record ResultFile(String mediaType, String fileName) {

    private static final Map<String, String> EXTENSIONS = Map.of(
            "application/json", "json",
            "text/csv", "csv",
            "text/plain", "txt",
            "application/pdf", "pdf",
            "application/xml", "xml");

    /** Names the result {@code <job id>.<extension for its media type>}. */
    public static ResultFile of(UUID jobId, String mediaType) {
        var base = mediaType.split(";")[0].trim().toLowerCase();
        var extension = base.endsWith("+json") ? "json" : EXTENSIONS.getOrDefault(base, "bin");
        return new ResultFile(mediaType, jobId + "." + extension);
    }
}
