package io.github.asyncjobs.api;

import java.util.Map;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** {@link JobFlowTest} against the packaged application (the JAR, or the native executable with -Dnative). */
@QuarkusIntegrationTest
@TestProfile(JobFlowIT.EchoEnabled.class)
class JobFlowIT extends JobFlowTest {

    /** The packaged application runs the prod profile, which leaves the echo job type off unless asked. */
    public static class EchoEnabled implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("jobs.echo.enabled", "true");
        }
    }
}
