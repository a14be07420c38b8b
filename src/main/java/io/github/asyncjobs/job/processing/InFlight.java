package io.github.asyncjobs.job.processing;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** A count of work under way that shutdown can wait on, up to a time limit. */
final class InFlight {

    private int count;

    synchronized void enter() {
        count++;
    }

    synchronized void leave() {
        count--;
        notifyAll();
    }

    synchronized int count() {
        return count;
    }

    /** Waits until nothing is under way; false when {@code timeout} passed first (or the wait was interrupted). */
    synchronized boolean awaitNone(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (count > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}
