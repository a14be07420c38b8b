package io.github.asyncjobs.adapter.azure.servicebus;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;

/**
 * Which of a key's messages go to the priority lane: those sent while the key has allowance left, a token bucket per
 * key on this instance (Bucket4j) of {@code burst}, filling up by {@code rate} a second. A caller who sends a few jobs
 * now and then has all of them in the priority lane; one who sends a backlog has its first {@code burst} there and
 * the rest, beyond the rate, in the session queue, where callers share the slots in turns.
 */
final class PriorityAllowance {

    private final ServiceBusSettings.PriorityLane lane;
    /** Idle keys' buckets are dropped: a full bucket is what a new one is anyway. */
    private final Cache<String, Bucket> buckets;

    PriorityAllowance(ServiceBusSettings.PriorityLane lane) {
        this.lane = lane;
        long fullAfterSeconds = lane.burst() / lane.rate() + 1;
        this.buckets = Caffeine.newBuilder().expireAfterAccess(fullAfterSeconds, TimeUnit.SECONDS).build();
    }

    /** Takes one from the key's allowance: whether this message goes to the priority lane. */
    boolean take(String key) {
        if (lane.burst() == 0) {
            return false;
        }
        return buckets.get(String.valueOf(key), k -> Bucket.builder().addLimit(Bandwidth.builder().capacity(lane.burst())
                .refillGreedy(lane.rate(), Duration.ofSeconds(1)).build()).build()).tryConsume(1);
    }
}
