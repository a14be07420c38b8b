package io.github.asyncjobs.job.store;

import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** An idempotency key bound to the job it created and to the request that created it. */
@RegisterForReflection
public record IdempotencyClaim(String key, UUID jobId, String requestHash) {
}
