package io.github.asyncjobs.job.store;

import java.nio.file.Path;

/** A result file that a valid signed URL lets its holder read, with the headers the URL fixed. */
public record SignedResult(Path file, String mediaType, String fileName) {
}
