package io.github.asyncjobs.storage;

import java.util.UUID;

/** An idempotency key bound to the job it created and to the request that created it. */
public record IdempotencyClaim(String key, UUID jobId, String requestHash) {
}
