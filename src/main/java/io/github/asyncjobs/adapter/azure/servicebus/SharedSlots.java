package io.github.asyncjobs.adapter.azure.servicebus;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import io.quarkus.logging.Log;

/**
 * The processing slots ({@code max-concurrency}) that an instance's session turns share with its priority lane: each
 * priority job in flight takes a slot from the turns. The priority lane never waits; a session slot starts a turn only
 * while the turns are fewer than the slots the priority lane leaves them, and ends its turn before its next message
 * when they are more. So priority jobs get slots as fast as running session jobs end, and while the lane is empty the
 * turns have every slot. (For as long as a session job that was running when priority jobs came takes, the instance
 * runs more than {@code max-concurrency} jobs: at most twice as many.)
 */
final class SharedSlots {

    private final int slots;
    private final Deque<Runnable> waiting = new ArrayDeque<>();
    private int priority;
    private int turns;

    SharedSlots(int slots) {
        this.slots = slots;
    }

    synchronized void priorityStarted() {
        priority++;
    }

    void priorityEnded() {
        synchronized (this) {
            priority--;
        }
        retryWaiting();
    }

    /** Counts a turn if there is room for one; else {@code retry} runs once a priority job or a turn has ended. */
    synchronized boolean startTurnOrWait(Runnable retry) {
        if (turns < slots - priority) {
            turns++;
            return true;
        }
        waiting.add(retry);
        return false;
    }

    void turnEnded() {
        synchronized (this) {
            turns--;
        }
        retryWaiting();
    }

    /** The slots that wait for room try again, if there is room now (those that do not get it wait again). */
    private void retryWaiting() {
        List<Runnable> retries;
        synchronized (this) {
            if (turns >= slots - priority) {
                return;
            }
            retries = List.copyOf(waiting);
            waiting.clear();
        }
        for (var retry : retries) {
            try {
                retry.run();
            } catch (RuntimeException e) {
                // Each slot's retry is its own: one that fails (at shutdown, say) must not keep the others waiting.
                Log.debugf("A processing slot could not try again: %s", e.getMessage());
            }
        }
    }

    /** Whether the turns hold more slots than the priority lane leaves them: a turn should end now. */
    synchronized boolean crowded() {
        return turns > slots - priority;
    }
}
