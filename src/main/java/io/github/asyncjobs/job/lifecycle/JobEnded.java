package io.github.asyncjobs.job.lifecycle;

import io.github.asyncjobs.job.Job;

/**
 * A job reached a terminal state on this instance (processing, a cancel, expiry, the dead-letter queue): a CDI event,
 * so that what follows an end (its notification) needs nothing of where it happened.
 */
public record JobEnded(Job job) {
}
