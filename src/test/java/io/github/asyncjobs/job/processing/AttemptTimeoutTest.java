package io.github.asyncjobs.job.processing;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.github.asyncjobs.testing.Jobs;
import io.github.asyncjobs.testing.ShortTimingsProfile;
import io.github.asyncjobs.testing.TestGates;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/** A handler that hangs does not keep its job Running forever: each attempt is cut off, then the job fails. */
@QuarkusTest
@TestProfile(ShortTimingsProfile.class)
class AttemptTimeoutTest {

    @Test
    void aHangingHandlerEndsFailedAfterItsAttempts() {
        var neverOpened = TestGates.newGate();
        var id = Jobs.submit("test-gated", Map.of("gate", neverOpened));
        // The monitor from the response that says Failed: the job is purged 2 s later.
        var failed = new AtomicReference<Response>();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
            failed.set(Jobs.monitor(id));
            return "Failed".equals(failed.get().path("status"));
        });
        failed.get().then()
                .body("error.code", equalTo("AttemptsExhausted"))
                .body("error.message", containsString("failed 2 times"))
                .body("error.message", containsString("took longer than"));
    }
}
