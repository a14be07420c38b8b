package io.github.asyncjobs.testing.azure;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** The service with Azure Blob Storage (Azurite) as its store; the queue stays embedded. */
public class AzureStorageProfile implements QuarkusTestProfile {

    /** Where the service logs during these tests, so that they can check what it logs. */
    public static final Path LOG = Path.of("target", "azure-storage-test.log");

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.log.file.enabled", "true", "quarkus.log.file.path", LOG.toString(),
                "quarkus.log.category.\"io.github.asyncjobs\".level", "DEBUG");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(AzuriteResource.class));
    }
}
