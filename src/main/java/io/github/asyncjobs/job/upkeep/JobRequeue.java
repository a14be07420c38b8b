package io.github.asyncjobs.job.upkeep;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import io.github.asyncjobs.config.JobsConfig;
import io.github.asyncjobs.job.JobsUnavailableException;
import io.github.asyncjobs.job.intake.JobIntake;
import io.github.asyncjobs.job.store.StoreUnavailableException;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;

/**
 * Queues jobs that were recorded but never queued, because the process that accepted them stopped in between: at most
 * {@code jobs.requeue-after} plus {@code jobs.requeue-check-interval} after they were accepted (plus two intervals when
 * the instance whose turn it was in Blob mode stopped). Runs on instances that accept jobs, the ones that can send,
 * from their start: instances that restart often must still sweep.
 */
@ApplicationScoped
public class JobRequeue {

    private final JobIntake intake;
    private final JobsConfig config;

    public JobRequeue(JobIntake intake, JobsConfig config) {
        this.intake = intake;
        this.config = config;
    }

    @Scheduled(every = "${jobs.requeue-check-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void requeueUnqueuedJobs() {
        if (!config.acceptor().enabled()) {
            return;
        }
        try {
            intake.requeueUnqueued(Instant.now().minus(config.requeueAfter()));
        } catch (JobsUnavailableException | StoreUnavailableException e) {
            Log.warnf("Could not queue recorded but unqueued jobs (the next sweep tries again): %s", e.getMessage());
        }
    }
}
