package io.github.asyncjobs.job.callback;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How many attempts go to one host, and for one caller, at once on this instance: a slow receiver, or one caller's
 * many notifications, cannot take every delivery thread from the others. An attempt without a slot waits for a later
 * look, unclaimed.
 */
final class DeliverySlots {

    /** A slot taken: given back by closing it. */
    interface Slot extends AutoCloseable {
        @Override
        void close();
    }

    private final int perHost;
    private final int perCaller;
    private final Map<String, Integer> hosts = new HashMap<>();
    private final Map<String, Integer> callers = new HashMap<>();

    DeliverySlots(int perHost, int perCaller) {
        this.perHost = perHost;
        this.perCaller = perCaller;
    }

    /** A slot for an attempt to {@code host} for {@code caller}, unless either has all of theirs in use. */
    synchronized Optional<Slot> take(String host, String caller) {
        if (hosts.getOrDefault(host, 0) >= perHost || callers.getOrDefault(caller, 0) >= perCaller) {
            return Optional.empty();
        }
        hosts.merge(host, 1, Integer::sum);
        callers.merge(caller, 1, Integer::sum);
        return Optional.of(() -> release(host, caller));
    }

    private synchronized void release(String host, String caller) {
        hosts.computeIfPresent(host, (key, taken) -> taken == 1 ? null : taken - 1);
        callers.computeIfPresent(caller, (key, taken) -> taken == 1 ? null : taken - 1);
    }
}
