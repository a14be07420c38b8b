package io.github.asyncjobs.adapter.azure.servicebus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Testcontainers;

import io.github.asyncjobs.testing.FlakyHandler;
import io.github.asyncjobs.testing.Jobs;
import io.github.asyncjobs.testing.azure.ServiceBusEmulatorResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The same connector against Microsoft's official Service Bus emulator. It needs a Docker engine: without
 * one the class is reported as skipped, and the test broker's tests carry the proof.
 */
@Testcontainers(disabledWithoutDocker = true)
@QuarkusTest
@TestProfile(ServiceBusEmulatorTest.Emulator.class)
class ServiceBusEmulatorTest {

    public static class Emulator implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(ServiceBusEmulatorResource.class));
        }
    }

    @Test
    void aJobSucceedsThroughTheEmulator() {
        Jobs.awaitStatus(Jobs.submit("echo", Map.of("id", "1234")), "Succeeded");
    }

    @Test
    void aRetriedJobIsRedeliveredByTheEmulator() {
        var id = Jobs.submit("test-flaky", Map.of("failures", 1));
        Jobs.awaitStatus(id, "Succeeded");
        assertThat(FlakyHandler.runs(UUID.fromString(id))).isEqualTo(2);
    }
}
