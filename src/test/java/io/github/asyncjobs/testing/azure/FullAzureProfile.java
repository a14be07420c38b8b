package io.github.asyncjobs.testing.azure;

import java.util.List;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Full Azure mode: Service Bus (the test broker) and Blob Storage (Azurite), both through the real SDKs; notifications
 * go to local receivers ({@code WebhookReceiver}, on 127.0.0.1, allow-listed for every test).
 */
public class FullAzureProfile implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(ServiceBusBrokerResource.class), new TestResourceEntry(AzuriteResource.class));
    }
}
