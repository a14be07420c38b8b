package io.github.asyncjobs.job.store;

import java.time.Instant;
import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * An idempotency key bound to the job it created and to the request that created it.
 *
 * @param claimedAt when the key was bound; null in bindings written before it was recorded (they never expire here)
 */
@RegisterForReflection
public record IdempotencyClaim(String key, UUID jobId, String requestHash, Instant claimedAt) {
}
