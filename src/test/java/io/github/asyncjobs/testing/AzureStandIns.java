package io.github.asyncjobs.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

import io.github.asyncjobs.testing.azure.Azurite;
import io.github.asyncjobs.testing.identity.ManagedIdentityEndpoint;
import io.github.asyncjobs.testing.identity.ManagedIdentityEndpoint.Identity;
import io.github.asyncjobs.testing.net.TcpForwarder;
import io.github.asyncjobs.testing.rbac.AccessControl;
import io.github.asyncjobs.testing.rbac.TemplateRoles;
import io.github.asyncjobs.testing.servicebus.QueueSettings;
import io.github.asyncjobs.testing.servicebus.TestServiceBus;
import io.github.asyncjobs.testing.servicebus.TlsFront;

/**
 * The full-Azure stand-ins as one process, for benchmarks and trying things by hand: Azurite (HTTPS, OAuth), the test
 * broker behind TLS on 5671, and a managed-identity endpoint. With {@code -Dstandins.delay-ms=5}, every byte to and from
 * Azurite and the broker is held that long in each direction (an Azure region's round trips). Writes the environment
 * the service needs (as {@code export} lines) to the file given as argument, then runs until killed, writing the job
 * queue's Service Bus operations so far to that file's name plus {@code .servicebus-operations} every half second.
 */
public final class AzureStandIns {

    private AzureStandIns() {
    }

    public static void main(String[] args) throws Exception {
        var delay = Duration.ofMillis(Long.getLong("standins.delay-ms", 0));
        // -Dstandins.azurite-debug=true: Azurite as the tests run it (on disk, logging every request), for comparison.
        var azurite = Boolean.getBoolean("standins.azurite-debug") ? Azurite.start() : Azurite.startForBenchmarks();
        // A front only to hold bytes for the delay; without one the service talks to Azurite itself.
        var azuriteFront = delay.isZero() ? null : TcpForwarder.onFreePort(azurite.port(), delay);
        var identity = Identity.named("async-jobs");
        var broker = TestServiceBus.start(AccessControl.forTheWholeService(new TemplateRoles.Names("jobs", "jobs"), identity.objectId()));
        broker.createJobQueues("jobs", QueueSettings.asDeployed().withLockDuration(Duration.ofSeconds(60)));
        var tls = TlsFront.start(Azurite.certificate(), Azurite.STORE_PASSWORD, broker.port(), delay);
        var endpoint = "https://127.0.0.1:" + (azuriteFront == null ? azurite.port() : azuriteFront.port()) + "/" + Azurite.ACCOUNT;
        var identities = ManagedIdentityEndpoint.start(identity);
        Azurite.createContainer(endpoint, "jobs");
        var environment = new HashMap<>(identities.environment(identity));
        environment.put("JOBS_STORAGE_BLOB_ENDPOINT", endpoint);
        environment.put("JOBS_QUEUE_CONNECTOR", "azure-servicebus");
        environment.put("JOBS_QUEUE_SERVICEBUS_NAMESPACE", "127.0.0.1");
        environment.put("TRUST_STORE", Azurite.certificate().toString());
        environment.put("TRUST_STORE_PASSWORD", Azurite.STORE_PASSWORD);
        Files.writeString(Path.of(args[0]), environment.entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                .map(e -> "export " + e.getKey() + "='" + e.getValue() + "'").collect(Collectors.joining("\n", "", "\n")));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                tls.close();
                if (azuriteFront != null) {
                    azuriteFront.close();
                }
            } catch (Exception e) {
                // going away anyway
            }
            identities.close();
            broker.close();
            azurite.stop();
        }));
        // Both lanes' Service Bus operations so far, for the benchmarks' operations per job: "<operation> <count>" lines.
        // ($management requests are counted for the whole broker, so once.)
        var operations = Path.of(args[0] + ".servicebus-operations");
        var next = Path.of(args[0] + ".servicebus-operations.next");
        while (true) {
            var counts = new TreeMap<>(broker.operations("jobs"));
            broker.operations(TestServiceBus.jobQueues("jobs")[1]).forEach((operation, count) -> {
                if (!operation.startsWith("management ")) {
                    counts.merge(operation, count, Long::sum);
                }
            });
            Files.writeString(next, counts.entrySet().stream()
                    .map(e -> e.getKey().replace(' ', '-') + " " + e.getValue()).collect(Collectors.joining("\n", "", "\n")));
            Files.move(next, operations, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE); // read whole
            Thread.sleep(500);
        }
    }
}
