package io.github.asyncjobs.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import io.quarkus.runtime.StartupEvent;

/**
 * Refuses to start with settings that are valid one by one but wrong together. Runs before the messaging
 * channels start, so that an inconsistent process never takes a message.
 */
@ApplicationScoped
public class ConsistentSettings {

    void check(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event, JobsConfig config) {
        var problems = problems(config);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Inconsistent settings: " + String.join("; ", problems));
        }
    }

    /** What is wrong, one sentence a setting; empty when nothing is. */
    static List<String> problems(JobsConfig config) {
        var problems = new ArrayList<String>();
        var processor = config.processor();
        if (processor.initialBackoff().compareTo(processor.maxBackoff()) > 0) {
            problems.add("jobs.processor.initial-backoff (" + text(processor.initialBackoff())
                    + ") must not exceed jobs.processor.max-backoff (" + text(processor.maxBackoff()) + ")");
        }
        var serviceBus = config.queue().servicebus();
        if ("azure-servicebus".equals(config.queue().connector())) {
            if (serviceBus.namespace().isEmpty() && serviceBus.connectionString().isEmpty()) {
                problems.add("jobs.queue.connector=azure-servicebus needs jobs.queue.servicebus.namespace");
            }
            var held = processor.attemptTimeout().plus(processor.maxBackoff()).plus(processor.storeOutageHold());
            if (processor.enabled() && serviceBus.lockRenewal().compareTo(held) < 0) {
                problems.add("jobs.queue.servicebus.lock-renewal (" + text(serviceBus.lockRenewal())
                        + ") must cover jobs.processor.attempt-timeout plus jobs.processor.max-backoff plus"
                        + " jobs.processor.store-outage-hold (" + text(held)
                        + "), or a job that still runs is delivered to another processor");
            }
        }
        return problems;
    }

    private static String text(Duration duration) {
        return duration.toString().substring(2).toLowerCase();
    }
}
