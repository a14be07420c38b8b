package io.github.asyncjobs.job.intake;

import java.time.Instant;
import java.util.Optional;

import io.github.asyncjobs.job.Job;
import io.github.asyncjobs.job.queue.JobMessage;
import io.github.asyncjobs.job.store.IdempotencyClaim;

/**
 * How an accepted job gets recorded and queued. Where the store holds the queue too (the embedded default) this is
 * one transaction; otherwise {@link SequentialIntake} records, then sends, and takes the record back if the send fails.
 */
public interface JobIntake {

    /**
     * Records {@code job}, binds {@code claim}'s key to it when there is a claim, and queues {@code message}.
     *
     * @return the binding found when the key was bound already; then nothing was recorded or queued
     * @throws JobsUnavailableException or {@link io.github.asyncjobs.job.store.StoreUnavailableException} when the
     *         job could not be taken; then, as far as clients can see, nothing was recorded or queued
     */
    Optional<IdempotencyClaim> accept(Job job, Optional<IdempotencyClaim> claim, JobMessage message);

    /**
     * Queues the jobs recorded before {@code recordedBefore} whose message never reached the queue (their process died
     * in between), and returns how many it queued.
     */
    int requeueUnqueued(Instant recordedBefore);
}
