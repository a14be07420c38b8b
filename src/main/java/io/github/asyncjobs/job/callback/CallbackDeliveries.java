package io.github.asyncjobs.job.callback;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Where the delivery state of completion notifications lives (the port the stores implement). Every method throws
 * {@link io.github.asyncjobs.job.store.StoreUnavailableException} when the store cannot answer.
 */
public interface CallbackDeliveries {

    /** Records a new delivery, for intakes that record the job apart from it; the embedded intake writes both at once. */
    void create(CallbackDelivery delivery);

    Optional<CallbackDelivery> find(UUID jobId);

    /**
     * Stores {@code next} in place of {@code current} if the stored delivery still equals {@code current}: how a
     * dispatcher claims an attempt and records its outcome without two instances sending the same attempt.
     *
     * @return false when it was changed (or removed) meanwhile; then nothing was written
     */
    boolean replace(CallbackDelivery current, CallbackDelivery next);

    void delete(UUID jobId);

    /**
     * Jobs with a Pending delivery that may be due by {@code now}, at most {@code limit}: a store that can tell also
     * leaves out those not yet due and those whose job has not ended; the dispatcher checks both anyway.
     */
    List<UUID> pending(Instant now, int limit);
}
