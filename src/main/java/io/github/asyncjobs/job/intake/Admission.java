package io.github.asyncjobs.job.intake;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.github.asyncjobs.config.JobsConfig;
import io.github.asyncjobs.config.LimitsConfig;
import io.github.asyncjobs.job.Requester;
import io.github.asyncjobs.job.store.JobRecords;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;

/**
 * Whether a caller may have one more job now (docs/api.md#limits): their accepts per second, a token bucket per caller
 * (Bucket4j) holding this instance's share of the caller's rate and burst; and their unfinished jobs, counted by the
 * store, which every instance shares, plus those accepted here since. The count is read again at most every
 * {@code jobs.limits.count-refresh}, and only once the caller could be near their limit: a caller far below it costs the
 * store no count (in Blob Storage, a listing of every pending job). Checked before anything is kept, so a refused
 * request leaves nothing behind.
 */
@ApplicationScoped
public class Admission {

    /** The caller's rate limit after this accept, for the {@code RateLimit} headers: the bucket's size, its window. */
    public record RateState(long quota, Duration window, long remaining, Duration untilFull) {
    }

    /** What the store counted for a caller, when, and how many this instance accepted for them since. */
    private record UnfinishedCount(int counted, Instant countedAt, AtomicInteger acceptedSince) {
    }

    /**
     * A caller's limits as this instance enforces them: the rate and burst are this instance's share; the whole fleet's
     * are what bound how fast the caller's unfinished jobs can grow.
     */
    record Limits(int maxUnfinished, int rate, int burst, int fleetRate, int fleetBurst) {
    }

    private final LimitsConfig config;
    private final JobRecords records;
    private final Duration retryAfter;
    /** Idle callers' buckets are dropped: a full bucket is what a new one is anyway. */
    private final Cache<String, Bucket> buckets = Caffeine.newBuilder().expireAfterAccess(10, TimeUnit.MINUTES).build();
    private final ConcurrentMap<String, UnfinishedCount> counts = Caffeine.newBuilder().expireAfterAccess(10, TimeUnit.MINUTES)
            .<String, UnfinishedCount> build().asMap();
    private final Duration countRefresh;

    public Admission(JobsConfig config, JobRecords records) {
        this.config = config.limits();
        this.records = records;
        this.retryAfter = config.api().retryAfter();
        this.countRefresh = config.limits().countRefresh();
    }

    /**
     * Takes one accept from the caller's rate.
     *
     * @throws LimitExceededException when the caller has used their rate: {@code retryAfter} is when a token is back
     */
    public RateState takeAccept(Requester requester) {
        var limits = limitsOf(requester);
        var bucket = buckets.get(requester.listedAs(), key -> bucket(limits));
        var probe = bucket.tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            throw new LimitExceededException(LimitExceededException.Limit.RATE, "More than the " + limits.rate()
                    + " accepts per second (burst " + limits.burst() + ") this caller may make here",
                    Duration.ofNanos(probe.getNanosToWaitForRefill()));
        }
        var window = Duration.ofMillis(Math.max(1, 1000L * limits.burst() / limits.rate()));
        var untilFull = Duration.ofMillis(1000L * (limits.burst() - probe.getRemainingTokens()) / limits.rate());
        return new RateState(limits.burst(), window, probe.getRemainingTokens(), untilFull);
    }

    /**
     * Counts one more unfinished job for the caller, if they may have it.
     *
     * @throws LimitExceededException when the caller has as many unfinished jobs as they may have
     */
    public void takeUnfinished(Requester requester) {
        var limits = limitsOf(requester);
        int max = limits.maxUnfinished();
        var now = Instant.now();
        var count = counts.compute(requester.listedAs(), (owner, known) -> known == null || mayBeNearLimit(known, limits, now)
                ? new UnfinishedCount(records.unfinishedCount(owner, max), now, new AtomicInteger()) : known);
        if (count.counted() + count.acceptedSince().get() >= max) {
            throw new LimitExceededException(LimitExceededException.Limit.UNFINISHED,
                    "This caller has " + max + " unfinished jobs, as many as they may have at once", retryAfter);
        }
        count.acceptedSince().incrementAndGet();
    }

    /**
     * Whether the count is older than {@code count-refresh} and the caller may have reached their limit since it was
     * read: at most their whole burst and their rate for every second since can have been accepted by all instances
     * together. Jobs that ended meanwhile only lower the count, which matters only near the limit, where it is read.
     */
    private boolean mayBeNearLimit(UnfinishedCount known, Limits limits, Instant now) {
        var age = Duration.between(known.countedAt(), now);
        if (age.compareTo(countRefresh) <= 0) {
            return false;
        }
        long mostAcceptedSince = limits.fleetBurst() + limits.fleetRate() * (age.toMillis() / 1000 + 1);
        return known.counted() + mostAcceptedSince >= limits.maxUnfinished();
    }

    /** Gives back the unfinished job counted for a request that then made none (refused, or a replay). */
    public void giveBackUnfinished(Requester requester) {
        Optional.ofNullable(counts.get(requester.listedAs())).ifPresent(count -> count.acceptedSince().decrementAndGet());
    }

    /**
     * The caller's limits: an override by object id, else by client id, else the defaults; rate and burst shared out
     * among the instances that accept. The count of unfinished jobs is the store's, the same for every instance.
     */
    Limits limitsOf(Requester requester) {
        var override = requester.owner().map(owner -> config.callers().get(owner.objectId()))
                .or(() -> requester.clientId().map(config.callers()::get));
        int instances = config.instances();
        int rate = either(override, LimitsConfig.CallerLimits::rate, config.rate());
        int burst = either(override, LimitsConfig.CallerLimits::burst, config.burst());
        return new Limits(either(override, LimitsConfig.CallerLimits::maxUnfinished, config.maxUnfinished()),
                Math.max(1, rate / instances), Math.max(1, burst / instances), rate, burst);
    }

    private static int either(Optional<LimitsConfig.CallerLimits> override, Function<LimitsConfig.CallerLimits, OptionalInt> field,
            int otherwise) {
        return override.map(field).filter(OptionalInt::isPresent).map(OptionalInt::getAsInt).orElse(otherwise);
    }

    private static Bucket bucket(Limits limits) {
        return Bucket.builder().addLimit(Bandwidth.builder().capacity(limits.burst())
                .refillGreedy(limits.rate(), Duration.ofSeconds(1)).build()).build();
    }
}
