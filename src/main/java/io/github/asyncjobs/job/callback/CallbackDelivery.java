package io.github.asyncjobs.job.callback;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.github.asyncjobs.job.Job;
import io.github.asyncjobs.job.monitor.DeliveryStatus;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The durable state of one job's completion notification, apart from the job's record (which never changes once the job
 * ended). Made when the job is accepted, so that no crash between the job's end and its notification loses it.
 * Immutable: stores replace a delivery only if it is still as the writer read it ({@link CallbackDeliveries#replace}).
 *
 * @param eventId the CloudEvent id, the same for every attempt, so that receivers can drop duplicates
 * @param attempts attempts started so far, the one under way included
 * @param nextAttemptAt when Pending: when the next attempt is due; while an attempt is under way, when its claim lapses
 * @param lastError why the last attempt failed (a status code, a timeout), never the receiver's body
 */
@RegisterForReflection
public record CallbackDelivery(
        UUID jobId,
        UUID eventId,
        DeliveryStatus status,
        int attempts,
        Instant nextAttemptAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) String lastError) {

    /** Waiting for {@code job} to end; due at once, so the first look after the job ended sends it. */
    public static CallbackDelivery armed(Job job) {
        return new CallbackDelivery(job.id(), UUID.randomUUID(), DeliveryStatus.Pending, 0, job.createdDateTime(), null);
    }

    public boolean isPending() {
        return status == DeliveryStatus.Pending;
    }

    /** The next attempt, claimed by one dispatcher until {@code claimedUntil}; another may take over after that. */
    CallbackDelivery claim(Instant claimedUntil) {
        return new CallbackDelivery(jobId, eventId, status, attempts + 1, claimedUntil, lastError);
    }

    CallbackDelivery delivered(Instant now) {
        return new CallbackDelivery(jobId, eventId, DeliveryStatus.Delivered, attempts, now, null);
    }

    CallbackDelivery retryAt(Instant next, String error) {
        return new CallbackDelivery(jobId, eventId, DeliveryStatus.Pending, attempts, next, error);
    }

    CallbackDelivery gaveUp(Instant now, String error) {
        return new CallbackDelivery(jobId, eventId, DeliveryStatus.GaveUp, attempts, now, error);
    }
}
