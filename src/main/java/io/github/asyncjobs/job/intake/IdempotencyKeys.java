package io.github.asyncjobs.job.intake;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import io.github.asyncjobs.config.IdempotencyConfig;
import io.github.asyncjobs.job.store.IdempotencyClaim;
import io.github.asyncjobs.job.store.JobRecords;
import io.github.asyncjobs.job.store.StoreUnavailableException;

/**
 * When an earlier binding of an idempotency key still holds a new request back. It does not once it is older than
 * the key's time to live ({@code jobs.idempotency.key-ttl}), nor when its job record never appeared within
 * {@code jobs.idempotency.claim-timeout} (the process that bound it died before recording the job). A binding to the
 * very job being accepted is this request's own (a write that worked but whose reply was lost, then retried).
 */
public final class IdempotencyKeys {

    private static final int MAX_TAKEOVERS = 5;

    private final Duration keyTtl;
    private final Duration claimTimeout;

    public IdempotencyKeys(IdempotencyConfig config) {
        this.keyTtl = config.keyTtl();
        this.claimTimeout = config.claimTimeout();
    }

    /**
     * Whether {@code earlier} no longer holds its key at {@code now}; {@code recorded} says whether its job was recorded,
     * and is asked only for a binding older than the claim timeout.
     */
    public boolean superseded(IdempotencyClaim earlier, Instant now, BooleanSupplier recorded) {
        if (earlier.claimedAt() == null) {
            return false;
        }
        return earlier.claimedAt().plus(keyTtl).isBefore(now)
                || earlier.claimedAt().plus(claimTimeout).isBefore(now) && !recorded.getAsBoolean();
    }

    /**
     * Binds {@code claim}'s key in {@code records}, taking over a superseded binding.
     *
     * @return the binding that holds the key, empty when {@code claim} does now
     */
    public Optional<IdempotencyClaim> bind(JobRecords records, IdempotencyClaim claim) {
        for (int attempt = 0; attempt < MAX_TAKEOVERS; attempt++) {
            var earlier = records.claim(claim);
            if (earlier.isEmpty() || earlier.get().jobId().equals(claim.jobId())) {
                return Optional.empty();
            }
            var held = earlier.get();
            if (!superseded(held, Instant.now(), () -> records.find(held.jobId()).isPresent())) {
                return earlier;
            }
            if (records.replaceClaim(held, claim)) {
                return Optional.empty();
            }
        }
        throw new StoreUnavailableException("The idempotency key " + claim.key() + " is being bound by too many requests at once", null);
    }
}
