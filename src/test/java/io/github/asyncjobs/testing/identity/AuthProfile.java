package io.github.asyncjobs.testing.identity;

import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** The embedded default with authentication on: bearer tokens from a local Entra ID stand-in. */
public class AuthProfile implements QuarkusTestProfile {

    /** A caller allowed 2 accepts at once and 1 a second (jobs.limits.callers, by object id). */
    public static final String RATE_LIMITED = "3f1c2b7e-9a40-4c55-8e21-0b6d2f7a1c01";
    /** A caller far below their limit of unfinished jobs: 1,000, at most 10 accepts a second, 20 at once (by object id). */
    public static final String FAR_BELOW_LIMIT = "9a4e2c6b-3d1f-4b8a-8e5c-7f0d2b4a6c04";
    /** The console's app registration. */
    public static final String CONSOLE_CLIENT = "8c0f3e2a-1b4d-4e6f-a7c9-3d5e7f9a1b03";
    /** A caller allowed 2 unfinished jobs at once, by client id. */
    public static final String QUOTA_LIMITED_CLIENT = "5b8e0d4a-7c21-4f3e-9d6a-2e4f1a9c7b02";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("jobs.limits.callers." + RATE_LIMITED + ".rate", "1",
                "jobs.limits.callers." + RATE_LIMITED + ".burst", "2",
                "jobs.limits.callers." + QUOTA_LIMITED_CLIENT + ".max-unfinished", "2",
                "jobs.limits.callers." + FAR_BELOW_LIMIT + ".max-unfinished", "1000",
                "jobs.limits.callers." + FAR_BELOW_LIMIT + ".rate", "10",
                "jobs.limits.callers." + FAR_BELOW_LIMIT + ".burst", "20",
                "jobs.console.client-id", CONSOLE_CLIENT);
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(EntraIdResource.class));
    }
}
