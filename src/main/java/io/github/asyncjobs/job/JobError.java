package io.github.asyncjobs.job;

/** Why a job failed, as shown to its client. */
public record JobError(String code, String message) {
}
