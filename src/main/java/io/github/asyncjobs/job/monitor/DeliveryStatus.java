package io.github.asyncjobs.job.monitor;

/** Where a job's completion notification stands; {@code Pending} from acceptance until it is delivered or given up. */
public enum DeliveryStatus {
    Pending,
    Delivered,
    GaveUp
}
