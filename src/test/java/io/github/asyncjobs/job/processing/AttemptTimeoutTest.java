package io.github.asyncjobs.job.processing;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.asyncjobs.testing.Jobs;
import io.github.asyncjobs.testing.TestGates;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** A handler that hangs does not keep its job Running forever: each attempt is cut off, then the job fails. */
@QuarkusTest
@TestProfile(AttemptTimeoutTest.ShortAttempts.class)
class AttemptTimeoutTest {

    public static class ShortAttempts implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("jobs.processor.attempt-timeout", "300ms", "jobs.processor.max-attempts", "2");
        }
    }

    @Test
    void aHangingHandlerEndsFailedAfterItsAttempts() {
        var neverOpened = TestGates.newGate();
        var id = Jobs.submit("test-gated", Map.of("gate", neverOpened));
        Jobs.awaitStatus(id, "Failed");
        Jobs.monitor(id).then()
                .body("error.code", equalTo("AttemptsExhausted"))
                .body("error.message", containsString("failed 2 times"))
                .body("error.message", containsString("took longer than"));
    }
}
