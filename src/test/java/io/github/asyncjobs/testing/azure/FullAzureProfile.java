package io.github.asyncjobs.testing.azure;

import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Full Azure mode: Service Bus (the test broker) and Blob Storage (Azurite), both through the real SDKs; notifications
 * may go to local receivers ({@code WebhookReceiver}, on 127.0.0.1).
 */
public class FullAzureProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("jobs.callbacks.allowed-hosts", "127.0.0.1");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(ServiceBusBrokerResource.class), new TestResourceEntry(AzuriteResource.class));
    }
}
