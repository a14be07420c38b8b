package io.github.asyncjobs.testing.identity;

import java.util.List;

import io.quarkus.test.junit.QuarkusTestProfile;

/** The embedded default with authentication on: bearer tokens from a local Entra ID stand-in. */
public class AuthProfile implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(EntraIdResource.class));
    }
}
