package io.github.asyncjobs.job.resilience;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.github.asyncjobs.config.JobsConfig;
import io.github.asyncjobs.job.JobsUnavailableException;
import io.github.asyncjobs.job.store.JobRecords;
import io.github.asyncjobs.job.store.ResultStore;
import io.github.asyncjobs.job.store.StoreUnavailableException;

/**
 * The store's readiness check, and the breaker on the store's writes from requests ({@link DependencyBreaker}): a store
 * that fails by timing out (a database locked by another process, Blob Storage not answering) would otherwise make
 * every accept, cancel and readiness probe wait out its timeout. Once half of the last 4 such calls failed, they answer
 * {@code 503} (readiness DOWN) for {@code jobs.storage.breaker-delay} without trying the store. Processing is not
 * behind it: processors hold their messages and probe the store on their own while it is away.
 */
@Singleton
@Readiness
public class StoreBreaker extends DependencyBreaker {

    private final JobRecords records;
    private final ResultStore results;

    public StoreBreaker(JobRecords records, ResultStore results, JobsConfig config) {
        super("job-store", "The job store is unavailable", config.storage().breakerDelay(), 4, StoreUnavailableException.class);
        this.records = records;
        this.results = results;
    }

    /** Ready while job records and results can be written; probed through the breaker, so never slower than it. */
    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("job-store");
        try {
            guarded(() -> {
                records.checkAvailable();
                results.checkAvailable();
            });
            return response.up().withData("circuit", circuit()).build();
        } catch (StoreUnavailableException | JobsUnavailableException e) {
            return response.down().withData("circuit", circuit()).withData("error", e.getMessage()).build();
        }
    }
}
