package io.github.asyncjobs.adapter.azure.servicebus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.asyncjobs.testing.Jobs;
import io.github.asyncjobs.testing.TestGates;
import io.github.asyncjobs.testing.azure.ServiceBusBrokerResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** A message whose time to live passes before any processor takes it ends its job as Failed, through the dead-letter queue. */
@QuarkusTest
@TestProfile(ServiceBusExpiryTest.ShortLivedMessages.class)
class ServiceBusExpiryTest {

    /** Messages live 2 s, one job runs at a time, and the service's own expiry check is out of the way. */
    public static class ShortLivedMessages implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("jobs.time-to-live", "2s", "jobs.expiry-check-interval", "1h",
                    "jobs.processor.concurrency", "1");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(ServiceBusBrokerResource.class));
        }
    }

    @Test
    void anExpiredMessageEndsItsJobFailed() {
        var gate = TestGates.newGate();
        var blocker = Jobs.submit("test-gated", Map.of("gate", gate));
        Jobs.awaitStatus(blocker, "Running");
        var waiting = Jobs.submit("echo", Map.of("n", 1));
        var expiresAt = Instant.now().plusSeconds(2);
        // Keep the only processing slot busy until the waiting job's message has expired.
        await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(expiresAt));
        TestGates.open(gate);

        Jobs.awaitStatus(waiting, "Failed");
        Jobs.monitor(waiting).then().body("error.code", equalTo("TTLExpiredException"));
        assertThat(ServiceBusBrokerResource.broker().deadLetters(ServiceBusBrokerResource.QUEUE))
                .anyMatch(m -> m.messageId().equals(waiting) && "TTLExpiredException".equals(m.deadLetterReason()));
    }
}
