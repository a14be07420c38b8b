package io.github.asyncjobs.job.activity;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;

import jakarta.enterprise.context.ApplicationScoped;

import org.HdrHistogram.ConcurrentHistogram;

import io.github.asyncjobs.job.Job;
import io.github.asyncjobs.job.JobStatus;
import io.github.asyncjobs.job.activity.InstanceActivity.BacklogSample;
import io.github.asyncjobs.job.store.StoreUnavailableException;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;

/**
 * This instance's jobs over the last hour, a minute at a time and per tenant: accepts, ends by status, failures by
 * error code, completion latencies; and the backlog it sampled. Counting costs a map lookup and an addition per job;
 * every {@code jobs.metrics.activity-share-interval} the hour is published to the {@link ActivityShare}, from which
 * {@link ActivityOverviews} builds the whole service's.
 */
@ApplicationScoped
public class RecentActivity {

    static final int MINUTES = 60;

    private record Key(long minute, String tenant) {
    }

    /** One minute of one tenant, counted as it happens. */
    private static final class Counts {
        final LongAdder accepted = new LongAdder();
        final LongAdder succeeded = new LongAdder();
        final LongAdder failed = new LongAdder();
        final LongAdder canceled = new LongAdder();
        final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
        final ConcurrentHistogram latencies = new ConcurrentHistogram(2);
    }

    private final String instance = UUID.randomUUID().toString();
    private final ActivityShare share;
    private final Map<Key, Counts> minutes = new ConcurrentHashMap<>();
    private final Map<Long, Long> backlog = new ConcurrentSkipListMap<>();
    private volatile BacklogNow backlogNow = BacklogNow.UNKNOWN;

    public RecentActivity(ActivityShare share) {
        this.share = share;
    }

    public void accepted(Job job) {
        counts(job).accepted.increment();
    }

    /** A job reached its terminal state on this instance. */
    public void ended(Job job) {
        var counts = counts(job);
        switch (job.status()) {
            case Succeeded -> counts.succeeded.increment();
            case Failed -> {
                counts.failed.increment();
                var code = job.error() == null ? "unknown" : job.error().code();
                counts.failures.computeIfAbsent(code, c -> new LongAdder()).increment();
            }
            case Canceled -> counts.canceled.increment();
            default -> throw new IllegalArgumentException("Not a terminal status: " + job.status());
        }
        if (job.status() != JobStatus.Canceled) {
            counts.latencies.recordValue(Math.max(0, Duration.between(job.startsAt(), job.lastUpdatedDateTime()).toMillis()));
        }
    }

    /** The backlog as sampled now; the unfinished count is kept for each minute. */
    public void backlog(BacklogNow now) {
        backlogNow = now;
        now.unfinished().ifPresent(unfinished -> backlog.put(minute(Instant.now()), unfinished));
    }

    BacklogNow backlogNow() {
        return backlogNow;
    }

    /** This instance's last hour, as it is shared. */
    public InstanceActivity snapshot() {
        var now = Instant.now();
        long first = minute(now) - MINUTES + 1;
        minutes.keySet().removeIf(key -> key.minute() < first);
        backlog.keySet().removeIf(minute -> minute < first);
        var shared = new ArrayList<ActivityMinute>();
        minutes.forEach((key, counts) -> shared.add(minute(key, counts)));
        shared.sort(Comparator.comparingLong(ActivityMinute::minute));
        var samples = backlog.entrySet().stream().map(e -> new BacklogSample(e.getKey(), e.getValue())).toList();
        return new InstanceActivity(instance, now, shared, samples);
    }

    String instance() {
        return instance;
    }

    @Scheduled(every = "${jobs.metrics.activity-share-interval}", delayed = "${jobs.metrics.activity-share-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void publish() {
        try {
            share.publish(snapshot());
        } catch (StoreUnavailableException e) {
            Log.debugf("Cannot share this instance's activity now: %s", e.getMessage());
        }
    }

    static long minute(Instant instant) {
        return instant.getEpochSecond() / 60;
    }

    private Counts counts(Job job) {
        var tenant = Optional.ofNullable(job.owner()).map(owner -> owner.tenantId()).orElse("");
        return minutes.computeIfAbsent(new Key(minute(Instant.now()), tenant), key -> new Counts());
    }

    private static ActivityMinute minute(Key key, Counts counts) {
        var failures = new HashMap<String, Long>();
        counts.failures.forEach((code, count) -> failures.put(code, count.sum()));
        var histogram = counts.latencies.copy();
        var buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        var latencies = Base64.getEncoder().encodeToString(Arrays.copyOf(buffer.array(), length));
        return new ActivityMinute(key.minute(), key.tenant(), counts.accepted.sum(), counts.succeeded.sum(), counts.failed.sum(),
                counts.canceled.sum(), failures, latencies);
    }
}
