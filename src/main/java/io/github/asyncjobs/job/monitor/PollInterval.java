package io.github.asyncjobs.job.monitor;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.github.asyncjobs.config.JobsConfig;
import io.github.asyncjobs.job.Job;
import io.github.asyncjobs.job.JobStatus;

/**
 * When a client should poll an unfinished job again ({@code Retry-After}). Each instance learns how long jobs of each
 * type take from the finished jobs it serves (a moving average of creation to finish), so a client is told to come
 * back when its job will probably be done; a job that is already late is polled less often as it ages (a quarter of
 * its age), so a long job costs few polls. A job scheduled for later ({@code notBefore}) is polled again at its start,
 * and its age counts from then. Always between {@code jobs.api.retry-after} and
 * {@code jobs.api.max-retry-after}.
 */
@ApplicationScoped
public class PollInterval {

    /** Weight of the newest finished job in a type's average. */
    private static final double WEIGHT = 0.1;

    /** Per type: the moving average, and when the newest job it learned from finished. */
    private record Typical(double millis, Instant latestFinish) {
    }

    private final Map<String, Typical> typical = new ConcurrentHashMap<>();
    private final Duration min;
    private final Duration max;

    @Inject
    public PollInterval(JobsConfig config) {
        this(config.api().retryAfter(), config.api().maxRetryAfter());
    }

    PollInterval(Duration min, Duration max) {
        this.min = min;
        this.max = max;
    }

    /**
     * Learns from a finished job how long its type takes. Status polls of a finished job come again and again; only a
     * job that finished after the newest one learned from counts, so they cost a read here, not a write.
     */
    public void observe(Job job) {
        if (job.status() != JobStatus.Succeeded && job.status() != JobStatus.Failed) {
            return;
        }
        var finished = job.lastUpdatedDateTime();
        var known = typical.get(job.type());
        if (known != null && !finished.isAfter(known.latestFinish())) {
            return;
        }
        double took = Math.max(0, Duration.between(job.startsAt(), finished).toMillis());
        typical.merge(job.type(), new Typical(took, finished), (average, latest) -> latest.latestFinish().isAfter(average.latestFinish())
                ? new Typical(average.millis() + WEIGHT * (latest.millis() - average.millis()), latest.latestFinish())
                : average);
    }

    /** How long a client should wait before polling this unfinished job again. */
    public Duration next(Job job, Instant now) {
        long untilStart = Duration.between(now, job.startsAt()).toMillis();
        long age = Math.max(0, -untilStart);
        var known = typical.get(job.type());
        long wait = untilStart > 0 ? untilStart : known != null && known.millis() > age ? Math.round(known.millis()) - age : age / 4;
        return Duration.ofMillis(Math.min(max.toMillis(), Math.max(min.toMillis(), wait)));
    }
}
