package io.github.asyncjobs.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;

/**
 * Refuses to start with settings that are valid one by one but wrong together. Runs before the messaging
 * channels start, so that an inconsistent process never takes a message.
 */
@ApplicationScoped
public class ConsistentSettings {

    void check(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event, JobsConfig config) {
        var problems = problems(config, ConfigProvider.getConfig(), LaunchMode.current() == LaunchMode.NORMAL);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Inconsistent settings: " + String.join("; ", problems));
        }
    }

    /**
     * What is wrong, one sentence a setting; empty when nothing is.
     *
     * @param all every setting, for the Quarkus ones that must agree with the service's
     * @param production whether this is the prod profile, which refuses to run open in Azure or on a non-loopback
     *        interface unless told so
     */
    static List<String> problems(JobsConfig config, Config all, boolean production) {
        var problems = new ArrayList<String>();
        authentication(config, all, production, problems);
        if (production && config.retention().compareTo(Duration.ofHours(24)) < 0) {
            problems.add("jobs.retention (" + text(config.retention()) + ") must be at least 24h: clients may read a finished"
                    + " job for that long (the Azure guidelines for long-running operations ask for it)");
        }
        if (all.getOptionalValue("quarkus.http.proxy.proxy-address-forwarding", Boolean.class).orElse(false)
                && all.getOptionalValue("quarkus.http.proxy.trusted-proxies", String.class).filter(p -> !p.isBlank()).isEmpty()) {
            problems.add("quarkus.http.proxy.proxy-address-forwarding=true needs quarkus.http.proxy.trusted-proxies,"
                    + " or anyone can forge X-Forwarded-* headers and so the URLs the API hands out");
        }
        if (config.requeueAfter().compareTo(config.queue().sendTimeout()) <= 0) {
            problems.add("jobs.requeue-after (" + text(config.requeueAfter()) + ") must be longer than jobs.queue.send-timeout ("
                    + text(config.queue().sendTimeout()) + "): a job whose accept is still sending would be queued twice,"
                    + " and a replay told it was accepted before the accept could still take it back");
        }
        var processor = config.processor();
        backoff("jobs.processor", processor.initialBackoff(), processor.maxBackoff(), problems);
        backoff("jobs.callbacks", config.callbacks().initialBackoff(), config.callbacks().maxBackoff(), problems);
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

    private static void authentication(JobsConfig config, Config all, boolean production, List<String> problems) {
        var auth = config.auth();
        if (auth.required() && (auth.issuer().isEmpty() || auth.audience().isEmpty())) {
            problems.add("jobs.auth.enabled=true needs jobs.auth.issuer and jobs.auth.audience");
        }
        if (!auth.required() && (auth.issuer().isPresent() || auth.audience().isPresent())) {
            problems.add("jobs.auth.issuer or jobs.auth.audience is set but jobs.auth.enabled is not true:"
                    + " set it to true to check tokens, or remove them");
        }
        var azure = config.storage().blob().endpoint().isPresent() || "azure-servicebus".equals(config.queue().connector());
        // Quarkus's own default, 0.0.0.0, where nothing (application.properties: 127.0.0.1) says otherwise.
        var host = all.getOptionalValue("quarkus.http.host", String.class).orElse("0.0.0.0");
        if (production && auth.enabled().isEmpty() && (azure || !loopback(host))) {
            problems.add("jobs.auth.enabled is not set, and " + (azure ? "this service runs in Azure"
                    : "the API listens on " + host + " (quarkus.http.host), beyond this machine")
                    + ": set jobs.auth.enabled=true with jobs.auth.issuer and jobs.auth.audience, or jobs.auth.enabled=false"
                    + " to run it open deliberately (for example behind Container Apps authentication; docs/security.md)");
        }
    }

    private static boolean loopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static void backoff(String prefix, Duration initial, Duration max, List<String> problems) {
        if (initial.compareTo(max) > 0) {
            problems.add(prefix + ".initial-backoff (" + text(initial) + ") must not exceed " + prefix + ".max-backoff (" + text(max) + ")");
        }
    }

    private static String text(Duration duration) {
        return duration.toString().substring(2).toLowerCase();
    }
}
