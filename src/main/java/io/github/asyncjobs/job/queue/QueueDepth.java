package io.github.asyncjobs.job.queue;

import java.util.OptionalLong;

/** A queue connector that can tell how many messages wait in a queue (for metrics). */
public interface QueueDepth {

    /** Messages waiting in {@code queue} and not yet delivered; empty when the broker cannot say right now. */
    OptionalLong depth(String queue);
}
