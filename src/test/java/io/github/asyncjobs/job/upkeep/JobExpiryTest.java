package io.github.asyncjobs.job.upkeep;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.asyncjobs.testing.Jobs;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** A job nobody processes does not wait forever: it fails as Expired after its time to live. */
@QuarkusTest
@TestProfile(JobExpiryTest.NobodyProcesses.class)
class JobExpiryTest {

    /** API only, so nothing runs the job; a time to live of one second, checked often. */
    public static class NobodyProcesses implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("jobs.processor.enabled", "false", "jobs.time-to-live", "1s", "jobs.expiry-check-interval", "200ms");
        }
    }

    @Test
    void aJobThatOutlivesItsTimeToLiveFailsAsExpired() {
        var id = Jobs.submit("echo", Map.of("n", 1));
        Jobs.awaitStatus(id, "Failed");
        Jobs.monitor(id).then()
                .body("error.code", equalTo("Expired"))
                .body("error.message", containsString("time to live"));
    }
}
