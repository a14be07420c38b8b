package io.github.asyncjobs.job.processing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.github.asyncjobs.job.store.JobRecords;
import io.github.asyncjobs.testing.azure.ServiceBusBrokerResource;
import io.github.asyncjobs.testing.azure.ServiceBusProfile;
import io.github.asyncjobs.testing.servicebus.BrokerMessage;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * {@link GracefulShutdownTest} on Service Bus (the test broker): the same, except that the broker counts the handed
 * back message's abandon as a delivery (Service Bus has no uncounted release); the abandon makes it available to
 * another consumer at once, instead of after its lock expires.
 */
@QuarkusTest
@TestProfile(GracefulShutdownServiceBusTest.ShortGrace.class)
class GracefulShutdownServiceBusTest {

    public static class ShortGrace extends ServiceBusProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            var overrides = new HashMap<>(super.getConfigOverrides());
            overrides.put("quarkus.shutdown.timeout", GracefulShutdownTest.GRACE);
            return overrides;
        }
    }

    @Inject
    JobProcessor processor;

    @Inject
    JobRecords records;

    @Test
    void inFlightAttemptsFinishWithinTheGracePeriodAndTheRestAreAbandonedAtOnce() {
        var jobs = GracefulShutdownTest.shutDownWithOneAttemptFinishingAndOneOverrunning(processor, records);
        // Abandoned at once (a lock left to expire would count only after the lock duration): still in the queue.
        assertThat(message(jobs.overruns()).deliveryCount()).as("Service Bus counts the abandon").isEqualTo(1);
        assertThat(ServiceBusBrokerResource.broker().active(ServiceBusBrokerResource.QUEUES))
                .extracting(BrokerMessage::messageId).contains(jobs.overruns(), jobs.arrivesLate()).doesNotContain(jobs.finishes());
        assertThat(message(jobs.arrivesLate()).deliveryCount()).isZero();
    }

    private static BrokerMessage message(String id) {
        return ServiceBusBrokerResource.broker().enqueued(ServiceBusBrokerResource.QUEUES).stream()
                .filter(m -> id.equals(m.messageId())).findFirst().orElseThrow();
    }
}
