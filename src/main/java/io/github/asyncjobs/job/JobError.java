package io.github.asyncjobs.job;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Why a job failed, as shown to its client. */
@RegisterForReflection
public record JobError(String code, String message) {
}
