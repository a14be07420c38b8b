package io.github.asyncjobs.job.upkeep;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;

import org.eclipse.microprofile.reactive.messaging.spi.ConnectorLiteral;

import io.github.asyncjobs.config.JobsConfig;
import io.github.asyncjobs.job.activity.BacklogNow;
import io.github.asyncjobs.job.activity.RecentActivity;
import io.github.asyncjobs.job.queue.JobQueue;
import io.github.asyncjobs.job.queue.QueueDepth;
import io.github.asyncjobs.job.store.JobRecords;
import io.github.asyncjobs.job.store.StoreUnavailableException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;

/**
 * Samples what waits: the queue's depth, the unfinished jobs and the age of the oldest of them. Sampled on a timer
 * rather than on each scrape, because in Azure mode each sample costs calls to Blob Storage and Service Bus.
 * A value that cannot be had right now is reported as NaN rather than as a stale number. Each sample also goes to the
 * console's last hour ({@link RecentActivity}).
 */
@ApplicationScoped
public class JobBacklog {

    private record Sample(double queueDepth, double unfinished, double oldestAgeSeconds) {
        static final Sample UNKNOWN = new Sample(Double.NaN, Double.NaN, Double.NaN);
    }

    private final JobRecords records;
    private final Instance<QueueDepth> depths;
    private final JobQueue queue;
    private final JobsConfig config;
    private final RecentActivity activity;
    private final AtomicReference<Sample> last = new AtomicReference<>(Sample.UNKNOWN);

    public JobBacklog(JobRecords records, @Any Instance<QueueDepth> depths, JobQueue queue, JobsConfig config,
            MeterRegistry registry, RecentActivity activity) {
        this.records = records;
        this.depths = depths;
        this.queue = queue;
        this.config = config;
        this.activity = activity;
        Gauge.builder("jobs.queue.depth", last, s -> s.get().queueDepth())
                .description("Messages in the job queue, waiting or being processed").register(registry);
        Gauge.builder("jobs.unfinished", last, s -> s.get().unfinished())
                .description("Jobs accepted and not yet finished").register(registry);
        Gauge.builder("jobs.unfinished.oldest.age", last, s -> s.get().oldestAgeSeconds()).baseUnit("seconds")
                .description("Age of the oldest job not yet finished; 0 when none").register(registry);
    }

    /** First after one interval: at start-up the queue's channel may not be connected yet. */
    @Scheduled(every = "${jobs.metrics.sample-interval}", delayed = "${jobs.metrics.sample-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sample() {
        var depth = depths.select(ConnectorLiteral.of(config.queue().connector()));
        double queueDepth = depth.isResolvable() && (!"azure-servicebus".equals(config.queue().connector())
                || config.metrics().servicebusQueueDepth()) ? toDouble(depth.get().depth(queue.destination())) : Double.NaN;
        double unfinished = Double.NaN;
        double oldestAge = Double.NaN;
        try {
            var backlog = records.backlog();
            unfinished = backlog.unfinished();
            oldestAge = backlog.oldestStart().map(start -> Duration.between(start, Instant.now()).toMillis() / 1000.0)
                    .map(age -> Math.max(0, age)).orElse(0.0);
        } catch (StoreUnavailableException e) {
            Log.debugf("Cannot sample the job backlog: %s", e.getMessage());
        }
        var sample = new Sample(queueDepth, unfinished, oldestAge);
        last.set(sample);
        activity.backlog(new BacklogNow(known(queueDepth).map(Double::longValue), known(unfinished).map(Double::longValue),
                known(oldestAge)));
    }

    private static Optional<Double> known(double value) {
        return Double.isNaN(value) ? Optional.empty() : Optional.of(value);
    }

    private static double toDouble(OptionalLong value) {
        return value.isPresent() ? value.getAsLong() : Double.NaN;
    }
}
