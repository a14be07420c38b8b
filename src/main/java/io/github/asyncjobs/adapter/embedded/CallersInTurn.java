package io.github.asyncjobs.adapter.embedded;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;

/**
 * The order in which the embedded queue delivers its messages: each caller's in the order they became deliverable,
 * and the callers in turn, one message each, so that a caller with a large backlog delays another caller's next job
 * by one message per caller, not by the whole backlog. Holds sequence numbers only.
 */
final class CallersInTurn {

    /** A message waiting to be delivered: deliverable from {@code availableAt}, then in order of arrival. */
    record Pending(long seq, Instant availableAt, String caller) implements Delayed {

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(Duration.between(Instant.now(), availableAt));
        }

        @Override
        public int compareTo(Delayed other) {
            var that = (Pending) other;
            int byTime = availableAt.compareTo(that.availableAt);
            return byTime != 0 ? byTime : Long.compare(seq, that.seq);
        }
    }

    private final DelayQueue<Pending> waiting = new DelayQueue<>();
    /** Deliverable messages by caller, and the callers that have some, in turn; both guarded by this. */
    private final Map<String, ArrayDeque<Pending>> deliverable = new HashMap<>();
    private final ArrayDeque<String> turns = new ArrayDeque<>();

    void add(long seq, Instant availableAt, String caller) {
        waiting.add(new Pending(seq, availableAt, caller));
    }

    /** Waits for a deliverable message: the next caller's in turn. */
    Pending take() throws InterruptedException {
        while (true) {
            synchronized (this) {
                for (var due = waiting.poll(); due != null; due = waiting.poll()) {
                    makeDeliverable(due);
                }
                var caller = turns.poll();
                if (caller != null) {
                    var theirs = deliverable.get(caller);
                    var next = theirs.poll();
                    if (theirs.isEmpty()) {
                        deliverable.remove(caller);
                    } else {
                        turns.add(caller);
                    }
                    return next;
                }
            }
            var due = waiting.take();
            synchronized (this) {
                makeDeliverable(due);
            }
        }
    }

    private void makeDeliverable(Pending due) {
        deliverable.computeIfAbsent(due.caller(), caller -> {
            turns.add(caller);
            return new ArrayDeque<>();
        }).add(due);
    }
}
