package io.github.asyncjobs.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfigBuilder;

/** Settings that are fine one by one but wrong together are refused, each with a sentence that names them. */
class ConsistentSettingsTest {

    @Test
    void theDefaultsAreConsistentInEveryMode() {
        assertThat(ConsistentSettings.problems(config(Map.of()))).isEmpty();
        assertThat(ConsistentSettings.problems(config(Map.of("jobs.queue.connector", "azure-servicebus",
                "jobs.queue.servicebus.namespace", "example.servicebus.windows.net")))).isEmpty();
    }

    @Test
    void aLockRenewalShorterThanAnAttemptIsRefused() {
        var problems = ConsistentSettings.problems(config(Map.of("jobs.queue.connector", "azure-servicebus",
                "jobs.queue.servicebus.namespace", "example.servicebus.windows.net",
                "jobs.queue.servicebus.lock-renewal", "5m")));
        assertThat(problems).singleElement().asString()
                .contains("jobs.queue.servicebus.lock-renewal (5m)", "jobs.processor.attempt-timeout", "(15m)");
    }

    @Test
    void aWorkerlessInstanceNeedsNoLockRenewal() {
        assertThat(ConsistentSettings.problems(config(Map.of("jobs.queue.connector", "azure-servicebus",
                "jobs.queue.servicebus.namespace", "example.servicebus.windows.net",
                "jobs.queue.servicebus.lock-renewal", "5m", "jobs.processor.enabled", "false")))).isEmpty();
    }

    @Test
    void serviceBusWithoutANamespaceAndABackoffThatShrinksAreRefused() {
        var problems = ConsistentSettings.problems(config(Map.of("jobs.queue.connector", "azure-servicebus",
                "jobs.processor.initial-backoff", "2m")));
        assertThat(problems).hasSize(2).anySatisfy(p -> assertThat(p).contains("jobs.queue.servicebus.namespace"))
                .anySatisfy(p -> assertThat(p).contains("jobs.processor.initial-backoff (2m) must not exceed jobs.processor.max-backoff (1m)"));
    }

    private static JobsConfig config(Map<String, String> values) {
        return new SmallRyeConfigBuilder().withMapping(JobsConfig.class).withDefaultValues(values)
                .withConverter(Duration.class, 200, new DurationConverter()).build()
                .getConfigMapping(JobsConfig.class);
    }
}
