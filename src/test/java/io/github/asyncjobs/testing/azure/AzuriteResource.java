package io.github.asyncjobs.testing.azure;

import java.util.Map;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Runs the service against Azurite: starts it, makes the JVM trust its certificate, creates a job
 * container, and points {@code jobs.storage.blob.*} at it.
 */
public class AzuriteResource implements QuarkusTestResourceLifecycleManager {

    private static volatile Azurite azurite;
    private static volatile String container;

    /** The Azurite of the running test profile. */
    public static Azurite azurite() {
        return azurite;
    }

    public static String container() {
        return container;
    }

    @Override
    public Map<String, String> start() {
        azurite = Azurite.start();
        container = "jobs-" + UUID.randomUUID().toString().substring(0, 8);
        Azurite.createContainer(azurite.endpoint(), container);
        return Map.of("jobs.storage.blob.endpoint", azurite.endpoint(), "jobs.storage.blob.container", container);
    }

    @Override
    public void stop() {
        if (azurite != null) {
            azurite.stop();
        }
    }
}
