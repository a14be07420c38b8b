package io.github.asyncjobs.job.activity;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.zip.DataFormatException;

import jakarta.enterprise.context.ApplicationScoped;

import org.HdrHistogram.Histogram;

import io.github.asyncjobs.config.JobsConfig;
import io.github.asyncjobs.job.JobsUnavailableException;
import io.github.asyncjobs.job.activity.ActivityOverview.FailureCount;
import io.github.asyncjobs.job.activity.ActivityOverview.Minute;
import io.github.asyncjobs.job.activity.ActivityOverview.Totals;
import io.github.asyncjobs.job.store.StoreUnavailableException;

/**
 * Adds up every instance's last hour into one {@link ActivityOverview}. What the others shared is read at most once
 * per share interval, however many operators look; this instance's own minutes are always its latest.
 */
@ApplicationScoped
public class ActivityOverviews {

    private record Shared(Instant read, List<InstanceActivity> activities) {
    }

    private final RecentActivity recent;
    private final ActivityShare share;
    private final Duration interval;
    private volatile Shared shared = new Shared(Instant.EPOCH, List.of());

    public ActivityOverviews(RecentActivity recent, ActivityShare share, JobsConfig config) {
        this.recent = recent;
        this.share = share;
        this.interval = config.metrics().activityShareInterval();
    }

    /** @param tenant whose jobs to count; empty for every job (an open service) */
    public ActivityOverview overview(Optional<String> tenant) {
        var now = Instant.now();
        long last = RecentActivity.minute(now);
        long first = last - RecentActivity.MINUTES + 1;
        var activities = new ArrayList<InstanceActivity>();
        others(now).stream().filter(activity -> !activity.instance().equals(recent.instance())).forEach(activities::add);
        activities.add(recent.snapshot());
        Predicate<ActivityMinute> counted = minute -> minute.minute() >= first && tenant.map(minute.tenant()::equals).orElse(true);

        var accepted = new long[RecentActivity.MINUTES];
        var ended = new long[RecentActivity.MINUTES];
        var latencies = new Histogram[RecentActivity.MINUTES];
        var unfinished = new HashMap<Long, Long>();
        var failures = new HashMap<String, Long>();
        long succeeded = 0, failed = 0, canceled = 0;
        for (var activity : activities) {
            for (var minute : activity.minutes()) {
                if (!counted.test(minute) || minute.minute() > last) {
                    continue;
                }
                int at = (int) (minute.minute() - first);
                accepted[at] += minute.accepted();
                ended[at] += minute.succeeded() + minute.failed() + minute.canceled();
                succeeded += minute.succeeded();
                failed += minute.failed();
                canceled += minute.canceled();
                minute.failures().forEach((code, count) -> failures.merge(code, count, Long::sum));
                if (latencies[at] == null) {
                    latencies[at] = new Histogram(2); // resizes to whatever it is given
                }
                latencies[at].add(decode(minute.latencies()));
            }
            // Every instance counts the same store's unfinished jobs: the latest sample of a minute stands for it.
            activity.backlog().forEach(sample -> unfinished.merge(sample.minute(), sample.unfinished(), Math::max));
        }
        var minutes = new ArrayList<Minute>();
        for (int at = 0; at < RecentActivity.MINUTES; at++) {
            long minute = first + at;
            var start = Instant.ofEpochSecond(minute * 60);
            double seconds = minute == last ? Math.max(1, Duration.between(start, now).toMillis() / 1000.0) : 60;
            var histogram = Optional.ofNullable(latencies[at]).filter(h -> h.getTotalCount() > 0);
            minutes.add(new Minute(start, accepted[at] / seconds, ended[at] / seconds,
                    histogram.map(h -> h.getValueAtPercentile(50) / 1000.0), histogram.map(h -> h.getValueAtPercentile(99) / 1000.0),
                    Optional.ofNullable(unfinished.get(minute))));
        }
        var byCode = failures.entrySet().stream().map(e -> new FailureCount(e.getKey(), e.getValue()))
                .sorted(Comparator.comparingLong(FailureCount::count).reversed().thenComparing(FailureCount::code)).toList();
        return new ActivityOverview(Instant.ofEpochSecond(first * 60), now, activities.size(), recent.backlogNow(),
                new Totals(sum(accepted), succeeded, failed, canceled), byCode, minutes);
    }

    private List<InstanceActivity> others(Instant now) {
        var last = shared;
        if (last.read().plus(interval).isBefore(now)) {
            try {
                last = new Shared(now, share.read(now.minus(Duration.ofMinutes(RecentActivity.MINUTES))));
            } catch (StoreUnavailableException e) {
                throw new JobsUnavailableException("The job store is unavailable: the other instances' activity cannot be read", e);
            }
            shared = last;
        }
        return last.activities();
    }

    private static Histogram decode(String latencies) {
        try {
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(latencies)), 0);
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("Not a latency histogram this service wrote", e);
        }
    }

    private static long sum(long[] values) {
        long sum = 0;
        for (long value : values) {
            sum += value;
        }
        return sum;
    }
}
