package io.github.asyncjobs.testing.azure;

import java.util.Map;
import java.util.UUID;

import io.github.asyncjobs.testing.identity.TestTokens;
import io.github.asyncjobs.testing.rbac.AccessControl;
import io.github.asyncjobs.testing.rbac.TemplateRoles;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Runs the service against Azurite as strict as Blob Storage: starts it, makes the JVM trust its certificate, creates a
 * job container (as a deployment does), and points {@code jobs.storage.blob.*} at a {@link RoleCheckingBlobFront} in
 * front of it, where the service's token (the test identity, {@link TestTokens#OBJECT_ID}) carries the roles infra/
 * gives the api and the worker together: the service in these tests plays both.
 */
public class AzuriteResource implements QuarkusTestResourceLifecycleManager {

    private static volatile Azurite azurite;
    private static volatile RoleCheckingBlobFront front;
    private static volatile String container;

    /** The Azurite of the running test profile. */
    public static Azurite azurite() {
        return azurite;
    }

    /** The blob endpoint the service is given (the role-checking front's). */
    public static String endpoint() {
        return front.endpoint();
    }

    public static String container() {
        return container;
    }

    @Override
    public Map<String, String> start() {
        azurite = Azurite.start();
        container = "jobs-" + UUID.randomUUID().toString().substring(0, 8);
        Azurite.createContainer(azurite.endpoint(), container);
        var access = AccessControl.forTheWholeService(new TemplateRoles.Names(ServiceBusBrokerResource.QUEUE, container),
                TestTokens.OBJECT_ID);
        front = RoleCheckingBlobFront.start(azurite, access);
        return Map.of("jobs.storage.blob.endpoint", front.endpoint(), "jobs.storage.blob.container", container);
    }

    @Override
    public void stop() {
        if (front != null) {
            front.close();
        }
        if (azurite != null) {
            azurite.stop();
        }
    }
}
