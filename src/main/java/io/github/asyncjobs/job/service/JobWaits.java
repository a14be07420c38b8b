package io.github.asyncjobs.job.service;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.github.asyncjobs.config.JobsConfig;
import io.github.asyncjobs.job.Job;
import io.github.asyncjobs.job.lifecycle.JobEnded;
import io.github.asyncjobs.job.store.JobRecords;
import io.github.asyncjobs.job.store.StoreUnavailableException;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;

/**
 * Requests waiting for their job's end ({@code Prefer: wait}), without a thread or a busy loop each: a job ended on this
 * instance wakes its waiters at once ({@link JobEnded}); for a job that ends on another instance (Azure mode, several
 * replicas) one timer reads the record of each job waited for every {@code check-interval}, one read per job however
 * many wait for it. Bounded per instance and per caller: beyond the bounds a request is answered at once.
 */
@ApplicationScoped
public class JobWaits {

    /** The waiters of one job: its end, and how many wait for it. */
    private record Waited(CompletableFuture<Job> end, AtomicInteger waiters) {
    }

    private final JobRecords records;
    private final int maxPerInstance;
    private final int maxPerCaller;
    private final Map<UUID, Waited> waited = new ConcurrentHashMap<>();
    private final Map<String, Integer> perCaller = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();

    @Inject
    public JobWaits(JobRecords records, JobsConfig config) {
        this(records, config.api().waits().maxPerInstance(), config.api().waits().maxPerCaller());
    }

    JobWaits(JobRecords records, int maxPerInstance, int maxPerCaller) {
        this.records = records;
        this.maxPerInstance = maxPerInstance;
        this.maxPerCaller = maxPerCaller;
    }

    /**
     * Waits up to {@code atMost} for the unfinished {@code job} to end.
     *
     * @param caller whose request it is ({@link io.github.asyncjobs.job.Requester#listedAs()}), for the per-caller bound
     * @return empty when the bounds leave no room (answer at once); else the job as it ended, or null when the wait is over first
     */
    public Optional<CompletableFuture<Job>> await(Job job, Duration atMost, String caller) {
        if (total.incrementAndGet() > maxPerInstance | perCaller.merge(caller, 1, Integer::sum) > maxPerCaller) {
            release(caller);
            return Optional.empty();
        }
        var entry = waited.compute(job.id(), (id, current) -> {
            var waiting = current != null ? current : new Waited(new CompletableFuture<>(), new AtomicInteger());
            waiting.waiters().incrementAndGet();
            return waiting;
        });
        var outcome = entry.end().copy().completeOnTimeout(null, atMost.toMillis(), TimeUnit.MILLISECONDS);
        outcome.whenComplete((ended, failure) -> {
            release(caller);
            waited.computeIfPresent(job.id(), (id, current) -> current.waiters().decrementAndGet() == 0 ? null : current);
        });
        return Optional.of(outcome);
    }

    /** Requests waiting now, on this instance. */
    public int waiting() {
        return total.get();
    }

    void jobEnded(@Observes JobEnded ended) {
        var waiting = waited.get(ended.job().id());
        if (waiting != null) {
            waiting.end().complete(ended.job());
        }
    }

    /** Ends on other instances: the record of each job waited for, read once per interval. */
    @Scheduled(every = "${jobs.api.waits.check-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void checkRecords() {
        for (var entry : waited.entrySet()) {
            try {
                records.find(entry.getKey()).filter(Job::isTerminal).ifPresent(job -> entry.getValue().end().complete(job));
            } catch (StoreUnavailableException e) {
                Log.debugf("Cannot read job %s for its waiters: %s", entry.getKey(), e.getMessage());
                return;
            }
        }
    }

    private void release(String caller) {
        total.decrementAndGet();
        perCaller.computeIfPresent(caller, (c, count) -> count == 1 ? null : count - 1);
    }
}
