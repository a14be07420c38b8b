package io.github.asyncjobs.testing.azure;

import java.util.Map;

import org.testcontainers.azure.ServiceBusEmulatorContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.mssqlserver.MSSQLServerContainer;
import org.testcontainers.utility.MountableFile;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** The official Service Bus emulator (with its SQL Server), in containers: only where a Docker engine runs. */
public class ServiceBusEmulatorResource implements QuarkusTestResourceLifecycleManager {

    private Network network;
    private MSSQLServerContainer database;
    private ServiceBusEmulatorContainer emulator;

    @Override
    public Map<String, String> start() {
        network = Network.newNetwork();
        database = new MSSQLServerContainer("mcr.microsoft.com/mssql/server:2022-CU14-ubuntu-22.04").acceptLicense().withNetwork(network);
        emulator = new ServiceBusEmulatorContainer("mcr.microsoft.com/azure-messaging/servicebus-emulator:latest")
                .acceptLicense()
                .withConfig(MountableFile.forClasspathResource("servicebus-emulator-config.json"))
                .withMsSqlServerContainer(database)
                .withNetwork(network);
        emulator.start();
        return Map.of("jobs.queue.connector", "azure-servicebus",
                "jobs.queue.servicebus.connection-string", emulator.getConnectionString(),
                "jobs.queue.servicebus.queue-name", "jobs");
    }

    @Override
    public void stop() {
        if (emulator != null) {
            emulator.stop();
        }
        if (database != null) {
            database.stop();
        }
        if (network != null) {
            network.close();
        }
    }
}
