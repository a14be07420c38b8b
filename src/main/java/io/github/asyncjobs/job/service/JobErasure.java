package io.github.asyncjobs.job.service;

import jakarta.enterprise.context.ApplicationScoped;

import io.github.asyncjobs.job.Job;
import io.github.asyncjobs.job.callback.CallbackDeliveries;
import io.github.asyncjobs.job.store.JobRecords;
import io.github.asyncjobs.job.store.ResultStore;
import io.quarkus.logging.Log;

/** Erases one finished job now, as retention would later ({@code :purge}). */
@ApplicationScoped
class JobErasure {

    private final JobRecords records;
    private final ResultStore results;
    private final CallbackDeliveries callbacks;

    JobErasure(JobRecords records, ResultStore results, CallbackDeliveries callbacks) {
        this.records = records;
        this.results = results;
        this.callbacks = callbacks;
    }

    /**
     * Record, listing entries and idempotency key, then the notification's state and the result. The record goes first,
     * as in retention's sweep: what is left if this stops halfway is never seen by a client, and retention deletes it.
     *
     * @return false when the job is gone or not finished
     */
    boolean erase(Job finished) {
        if (!records.purge(finished)) {
            return false;
        }
        if (finished.callback() != null) {
            callbacks.delete(finished.id());
        }
        if (finished.result() != null) {
            results.delete(finished);
        }
        Log.debugf("Purged job %s on request", finished.id());
        return true;
    }
}
