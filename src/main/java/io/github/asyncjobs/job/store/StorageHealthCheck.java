package io.github.asyncjobs.job.store;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while job records and results can be written. */
@Readiness
@ApplicationScoped
public class StorageHealthCheck implements HealthCheck {

    private final JobRecords records;
    private final ResultStore results;

    public StorageHealthCheck(JobRecords records, ResultStore results) {
        this.records = records;
        this.results = results;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("job-store");
        try {
            records.checkAvailable();
            results.checkAvailable();
            return response.up().build();
        } catch (StoreUnavailableException e) {
            return response.down().withData("error", e.getMessage()).build();
        }
    }
}
