package io.github.asyncjobs.testing.azure;

import java.time.Duration;
import java.util.Map;

import io.github.asyncjobs.testing.servicebus.QueueSettings;
import io.github.asyncjobs.testing.servicebus.TestServiceBus;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Runs the service against the Service Bus-compatible test broker, through the real SDK: starts the broker,
 * creates the {@code jobs} queue (short locks and few deliveries, so tests see redelivery and dead-lettering
 * quickly) and selects the {@code azure-servicebus} connector.
 */
public class ServiceBusBrokerResource implements QuarkusTestResourceLifecycleManager {

    public static final String QUEUE = "jobs";
    /** The jobs queue and its priority lane. */
    public static final String[] QUEUES = TestServiceBus.jobQueues(QUEUE);
    public static final int MAX_DELIVERY_COUNT = 3;

    private static volatile TestServiceBus broker;

    /** The broker of the running test profile. */
    public static TestServiceBus broker() {
        return broker;
    }

    @Override
    public Map<String, String> start() {
        broker = TestServiceBus.start();
        broker.createJobQueues(QUEUE, QueueSettings.asDeployed()
                .withLockDuration(Duration.ofSeconds(3))
                .withMaxDeliveryCount(MAX_DELIVERY_COUNT));
        return Map.of(
                "jobs.queue.connector", "azure-servicebus",
                "jobs.queue.servicebus.connection-string", broker.connectionString(),
                "jobs.queue.servicebus.queue-name", QUEUE);
    }

    @Override
    public void stop() {
        if (broker != null) {
            broker.close();
        }
    }
}
