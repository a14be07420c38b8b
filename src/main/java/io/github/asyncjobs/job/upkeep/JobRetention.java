package io.github.asyncjobs.job.upkeep;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import io.github.asyncjobs.config.JobsConfig;
import io.github.asyncjobs.job.store.JobRecords;
import io.github.asyncjobs.job.store.ResultStore;
import io.github.asyncjobs.job.store.StoreUnavailableException;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;

/**
 * Deletes finished jobs and their results once they are older than {@code jobs.retention}, in small batches so that
 * accepting and processing never wait long behind a purge.
 */
@ApplicationScoped
public class JobRetention {

    /** Jobs deleted per write: one batch holds the embedded database's writer for a few milliseconds. */
    static final int BATCH = 500;

    private final JobRecords records;
    private final ResultStore results;
    private final JobsConfig config;

    public JobRetention(JobRecords records, ResultStore results, JobsConfig config) {
        this.records = records;
        this.results = results;
        this.config = config;
    }

    @Scheduled(every = "${jobs.retention-sweep-interval}", delayed = "${jobs.retention-sweep-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purge() {
        var cutoff = Instant.now().minus(config.retention());
        try {
            int purged;
            int total = 0;
            do {
                var batch = records.purgeFinishedBefore(cutoff, BATCH);
                // The record goes first: a job without a record is gone for its clients, a stray result file is not seen.
                batch.stream().filter(job -> job.result() != null).forEach(results::delete);
                purged = batch.size();
                total += purged;
            } while (purged == BATCH);
            if (total > 0) {
                Log.infof("Deleted %d job(s) finished more than %s ago", total, config.retention());
            }
        } catch (StoreUnavailableException e) {
            Log.warnf("Could not purge old jobs: %s", e.getMessage());
        }
    }
}
