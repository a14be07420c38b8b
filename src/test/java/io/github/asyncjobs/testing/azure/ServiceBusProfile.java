package io.github.asyncjobs.testing.azure;

import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The service with Azure Service Bus (the test broker) as its queue; the store stays embedded.
 * More attempts than the queue allows deliveries, so that the broker's dead-lettering is what ends poison jobs; two
 * processing slots, which prove as much as sixteen and are quicker to fill. The
 * message size limit is set as for Premium (1 MiB) on a queue that takes Standard's 256 KB, and requests may be as
 * large, so that the SDK's own refusal of a message too large is what a test meets.
 */
public class ServiceBusProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("jobs.processor.concurrency", "2",
                "jobs.processor.max-attempts", String.valueOf(ServiceBusBrokerResource.MAX_DELIVERY_COUNT + 2),
                "jobs.queue.dead-letter-requeues", "1",
                "jobs.queue.servicebus.max-message-size", String.valueOf(1024 * 1024),
                "jobs.api.max-request-bytes", String.valueOf(600 * 1024));
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(ServiceBusBrokerResource.class));
    }
}
