package io.github.asyncjobs.job.upkeep;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import io.github.asyncjobs.config.JobsConfig;
import io.github.asyncjobs.job.JobError;
import io.github.asyncjobs.job.lifecycle.JobEndings;
import io.github.asyncjobs.job.store.JobRecords;
import io.github.asyncjobs.job.store.StoreUnavailableException;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;

/** Fails jobs that outlived their time to live, so that no job waits or runs forever whatever happened to its message. */
@ApplicationScoped
public class JobExpiry {

    private final JobRecords records;
    private final JobEndings endings;
    private final JobsConfig config;

    public JobExpiry(JobRecords records, JobEndings endings, JobsConfig config) {
        this.records = records;
        this.endings = endings;
        this.config = config;
    }

    @Scheduled(every = "${jobs.expiry-check-interval}", delayed = "${jobs.expiry-check-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void failExpiredJobs() {
        var deadline = Instant.now().minus(config.timeToLive());
        var error = new JobError("Expired", "The job did not finish within its time to live of " + config.timeToLive());
        try {
            // A job scheduled for later has its time to live from its start.
            for (var job : records.unfinishedCreatedBefore(deadline).stream().filter(j -> j.startsAt().isBefore(deadline)).toList()) {
                records.update(job.id(), j -> j.isTerminal() ? j : j.fail(error, Instant.now()))
                        .filter(j -> j.error() == error)
                        .ifPresent(j -> {
                            endings.ended(j);
                            Log.warnf("Job %s expired", j.id());
                        });
            }
        } catch (StoreUnavailableException e) {
            Log.warnf("Could not check for expired jobs: %s", e.getMessage());
        }
    }
}
