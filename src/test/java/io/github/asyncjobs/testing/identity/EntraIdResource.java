package io.github.asyncjobs.testing.identity;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Runs the service with authentication on, against a local {@link EntraIdStandIn}. */
public class EntraIdResource implements QuarkusTestResourceLifecycleManager {

    private static volatile EntraIdStandIn entraId;

    /** The issuer of the running test profile, to mint tokens with. */
    public static EntraIdStandIn entraId() {
        return entraId;
    }

    @Override
    public Map<String, String> start() {
        entraId = EntraIdStandIn.start();
        return Map.of("jobs.auth.enabled", "true", "jobs.auth.issuer", entraId.issuer(),
                "jobs.auth.audience", EntraIdStandIn.AUDIENCE);
    }

    @Override
    public void stop() {
        if (entraId != null) {
            entraId.close();
        }
    }
}
