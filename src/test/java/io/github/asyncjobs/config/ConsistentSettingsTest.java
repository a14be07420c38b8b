package io.github.asyncjobs.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfigBuilder;

/** Settings that are fine one by one but wrong together are refused, each with a sentence that names them. */
class ConsistentSettingsTest {

    @Test
    void theDefaultsAreConsistentInEveryMode() {
        assertThat(problems(Map.of())).isEmpty();
        assertThat(problems(Map.of("jobs.queue.connector", "azure-servicebus",
                "jobs.queue.servicebus.namespace", "example.servicebus.windows.net"))).isEmpty();
    }

    @Test
    void aLockRenewalShorterThanAnAttemptIsRefused() {
        var problems = problems(Map.of("jobs.queue.connector", "azure-servicebus",
                "jobs.queue.servicebus.namespace", "example.servicebus.windows.net",
                "jobs.queue.servicebus.lock-renewal", "5m"));
        assertThat(problems).singleElement().asString()
                .contains("jobs.queue.servicebus.lock-renewal (5m)", "jobs.processor.attempt-timeout", "(15m)");
    }

    @Test
    void aWorkerlessInstanceNeedsNoLockRenewal() {
        assertThat(problems(Map.of("jobs.queue.connector", "azure-servicebus",
                "jobs.queue.servicebus.namespace", "example.servicebus.windows.net",
                "jobs.queue.servicebus.lock-renewal", "5m", "jobs.processor.enabled", "false"))).isEmpty();
    }

    @Test
    void serviceBusWithoutANamespaceAndABackoffThatShrinksAreRefused() {
        var problems = problems(Map.of("jobs.queue.connector", "azure-servicebus",
                "jobs.processor.initial-backoff", "2m"));
        assertThat(problems).hasSize(2).anySatisfy(p -> assertThat(p).contains("jobs.queue.servicebus.namespace"))
                .anySatisfy(p -> assertThat(p).contains("jobs.processor.initial-backoff (2m) must not exceed jobs.processor.max-backoff (1m)"));
    }

    @Test
    void aCallbackBackoffThatShrinksIsRefused() {
        assertThat(problems(Map.of("jobs.callbacks.initial-backoff", "2h"))).singleElement().asString()
                .contains("jobs.callbacks.initial-backoff (2h) must not exceed jobs.callbacks.max-backoff (1h)");
    }

    @Test
    void inProductionAzureModeNeedsAuthenticationOrAnExplicitChoiceToRunOpen() {
        var azure = with(LOOPBACK, "jobs.storage.blob.endpoint", "https://example.blob.core.windows.net");
        assertThat(problems(azure, true)).singleElement().asString().contains("jobs.auth.enabled is not set");
        assertThat(problems(azure, false)).as("tests and dev mode").isEmpty();
        assertThat(problems(with(azure, "jobs.auth.enabled", "false"), true)).isEmpty();
        assertThat(problems(with(azure, "jobs.auth.enabled", "true", "jobs.auth.issuer", "https://login.microsoftonline.com/t/v2.0",
                "jobs.auth.audience", "api://async-jobs"), true)).isEmpty();
        assertThat(problems(LOOPBACK, true)).as("the embedded default runs open").isEmpty();
    }

    @Test
    void inProductionAnOpenServiceBeyondLoopbackNeedsAnExplicitChoice() {
        for (var host : List.of("0.0.0.0", "::", "192.0.2.2")) {
            assertThat(problems(Map.of("quarkus.http.host", host), true)).as(host).singleElement().asString()
                    .contains("jobs.auth.enabled is not set, and the API listens on " + host + " (quarkus.http.host)");
        }
        assertThat(problems(Map.of(), true)).as("Quarkus's default host, 0.0.0.0").singleElement().asString()
                .contains("listens on 0.0.0.0");
        for (var host : List.of("127.0.0.1", "localhost", "::1", "127.0.0.2")) {
            assertThat(problems(Map.of("quarkus.http.host", host), true)).as(host).isEmpty();
        }
        assertThat(problems(Map.of("quarkus.http.host", "0.0.0.0", "jobs.auth.enabled", "false"), true)).isEmpty();
        assertThat(problems(Map.of("quarkus.http.host", "0.0.0.0"), false)).as("tests and dev mode").isEmpty();
    }

    @Test
    void authenticationNeedsIssuerAndAudienceAndAnIssuerAloneDoesNotSwitchItOn() {
        assertThat(problems(Map.of("jobs.auth.enabled", "true"), false)).singleElement().asString()
                .contains("needs jobs.auth.issuer and jobs.auth.audience");
        assertThat(problems(Map.of("jobs.auth.issuer", "https://login.microsoftonline.com/t/v2.0"), false)).singleElement()
                .asString().contains("jobs.auth.enabled is not true");
    }

    @Test
    void inProductionFinishedJobsAreKeptAtLeastADay() {
        assertThat(problems(with(LOOPBACK, "jobs.retention", "12h"), true)).singleElement().asString()
                .contains("jobs.retention (12h) must be at least 24h");
        assertThat(problems(Map.of("jobs.retention", "12h"), false)).as("tests keep jobs shortly").isEmpty();
    }

    @Test
    void forwardedHeadersNeedTrustedProxies() {
        assertThat(problems(Map.of("quarkus.http.proxy.proxy-address-forwarding", "true"), false)).singleElement()
                .asString().contains("quarkus.http.proxy.trusted-proxies");
        assertThat(problems(Map.of("quarkus.http.proxy.proxy-address-forwarding", "true",
                "quarkus.http.proxy.trusted-proxies", "10.0.0.0/8"), false)).isEmpty();
    }

    /** The host application.properties gives the API. */
    private static final Map<String, String> LOOPBACK = Map.of("quarkus.http.host", "127.0.0.1");

    private static List<String> problems(Map<String, String> values) {
        return problems(values, false);
    }

    private static List<String> problems(Map<String, String> values, boolean production) {
        var config = new SmallRyeConfigBuilder().withMapping(JobsConfig.class).withDefaultValues(values)
                .withConverter(Duration.class, 200, new DurationConverter()).build();
        return ConsistentSettings.problems(config.getConfigMapping(JobsConfig.class), config, production);
    }

    private static Map<String, String> with(Map<String, String> values, String... more) {
        var all = new HashMap<>(values);
        for (int i = 0; i < more.length; i += 2) {
            all.put(more[i], more[i + 1]);
        }
        return all;
    }
}
