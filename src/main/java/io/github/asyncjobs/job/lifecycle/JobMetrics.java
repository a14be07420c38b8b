package io.github.asyncjobs.job.lifecycle;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import io.github.asyncjobs.job.Job;
import io.github.asyncjobs.job.activity.RecentActivity;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The job counters and timers exported at /q/metrics (all listed in docs/operations.md); accepts and ends are also
 * counted for the console's last hour ({@link RecentActivity}).
 */
@ApplicationScoped
public class JobMetrics {

    private final MeterRegistry registry;
    private final RecentActivity activity;

    public JobMetrics(MeterRegistry registry, RecentActivity activity) {
        this.registry = registry;
        this.activity = activity;
    }

    public void accepted(Job job) {
        registry.counter("jobs.accepted", "type", job.type()).increment();
        activity.accepted(job);
    }

    public void completed(Job job) {
        registry.counter("jobs.completed", "type", job.type(), "status", job.status().name()).increment();
        activity.ended(job);
    }

    /** Time from acceptance until a processor first started the job. */
    public void queueWait(String type, Duration wait) {
        timer("jobs.queue.wait", "Time from acceptance to the first attempt", type).record(wait);
    }

    /** One handler attempt: its duration whatever the outcome, and a count by outcome. */
    public void attempt(String type, String outcome, Duration duration) {
        timer("jobs.processing.duration", "Duration of one handler attempt", type).record(duration);
        registry.counter("jobs.attempts", "type", type, "outcome", outcome).increment();
    }

    /** An attempt failed and the job will be tried again. */
    public void retried(String type) {
        registry.counter("jobs.retries", "type", type).increment();
    }

    /** A message went to the dead-letter queue: sent there by the processor, or found there after the broker put it. */
    public void deadLettered(String reason) {
        registry.counter("jobs.dead.lettered", "reason", reason).increment();
    }

    /** A completion notification attempt ended: {@code delivered}, {@code retry} or {@code gave-up}. */
    public void callback(String outcome) {
        registry.counter("jobs.callbacks", "outcome", outcome).increment();
    }

    public void resultUrlSigned(String type) {
        registry.counter("jobs.result.urls.signed", "type", type).increment();
    }

    private Timer timer(String name, String description, String type) {
        return Timer.builder(name).description(description).tag("type", type).publishPercentileHistogram().register(registry);
    }
}
