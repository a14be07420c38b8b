package io.github.asyncjobs.job;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** The job counters and timers exported at /q/metrics. */
@ApplicationScoped
public class JobMetrics {

    private final MeterRegistry registry;

    public JobMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void accepted(String type) {
        registry.counter("jobs.accepted", "type", type).increment();
    }

    void completed(Job job) {
        registry.counter("jobs.completed", "type", job.type(), "status", job.status().name()).increment();
    }

    /** Time from acceptance until a processor first started the job. */
    void queueWait(String type, Duration wait) {
        timer("jobs.queue.wait", "Time from acceptance to the first attempt", type).record(wait);
    }

    /** Duration of one handler attempt, whatever its outcome. */
    void attempt(String type, Duration duration) {
        timer("jobs.processing.duration", "Duration of one handler attempt", type).record(duration);
    }

    private Timer timer(String name, String description, String type) {
        return Timer.builder(name).description(description).tag("type", type).publishPercentileHistogram().register(registry);
    }
}
