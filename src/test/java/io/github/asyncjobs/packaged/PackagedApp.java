package io.github.asyncjobs.packaged;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The packaged service as a separate process (the native executable when it was built, else the JAR),
 * so that tests can stop, kill and restart it the way an operator would.
 */
final class PackagedApp implements AutoCloseable {

    /** Every process started, killed when the test JVM exits, should a failed test leave one behind. */
    private static final List<Process> STARTED = new CopyOnWriteArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> STARTED.forEach(Process::destroyForcibly)));
    }

    private final Process process;
    private final int port;
    private final int managementPort;
    private final Path log;

    private PackagedApp(Process process, int port, int managementPort, Path log) {
        this.process = process;
        this.port = port;
        this.managementPort = managementPort;
        this.log = log;
    }

    static PackagedApp start(Path dataDir, Map<String, String> config) throws IOException {
        return start(dataDir, config, Map.of());
    }

    /** With environment variables too, as a container platform sets them. */
    static PackagedApp start(Path dataDir, Map<String, String> config, Map<String, String> environment) throws IOException {
        return awaitReady(() -> launch(dataDir, config, environment, true));
    }

    /** With nothing set but its ports and data folder: as a user who runs the jar gets it. */
    static PackagedApp startAsShipped(Path dataDir) throws IOException {
        return awaitReady(() -> launch(dataDir, Map.of(), Map.of(), false));
    }

    /**
     * Waits until the application is ready. A free port found by binding to port 0 may be taken by another process
     * before the application binds it: then the application is started again on other ports, up to three times.
     */
    private static PackagedApp awaitReady(Launch launch) throws IOException {
        for (int attempt = 1;; attempt++) {
            var app = launch.start();
            try {
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(app::ready);
                return app;
            } catch (PortTaken e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    @FunctionalInterface
    private interface Launch {
        PackagedApp start() throws IOException;
    }

    private static final class PortTaken extends IllegalStateException {
        PortTaken(String message) {
            super(message);
        }
    }

    /** Starts the application with settings it must refuse; returns its exit code and what it logged. */
    static Refusal refusedStart(Path dataDir, Map<String, String> config) throws IOException, InterruptedException {
        var app = launch(dataDir, config, Map.of(), true);
        if (!app.process.waitFor(60, TimeUnit.SECONDS)) {
            app.kill();
            throw new AssertionError("The application started despite " + config);
        }
        return new Refusal(app.process.exitValue(), Files.readString(app.log));
    }

    record Refusal(int exitCode, String log) {
    }

    /** Everything the application logged so far. */
    String log() throws IOException {
        return Files.readString(log);
    }

    /**
     * @param echo whether to set what the tests need and the prod profile does not give: the echo job type on, the
     *        per-caller limits out of the way
     */
    private static PackagedApp launch(Path dataDir, Map<String, String> config, Map<String, String> environment, boolean echo)
            throws IOException {
        int port = freePort();
        int managementPort = freePort();
        var command = new ArrayList<String>();
        var nativeImage = System.getProperty("native.image.path");
        if (nativeImage != null && !nativeImage.isBlank() && Files.isExecutable(Path.of(nativeImage))) {
            command.add(nativeImage);
        } else {
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            // The JIT flags the build gives test JVMs (pom.xml: test.jvm.flags), not the application's configuration.
            command.addAll(List.of(System.getProperty("test.jvm.flags", "").split(" ")).stream().filter(f -> !f.isBlank()).toList());
            command.addAll(List.of("-jar", Path.of("target", "quarkus-app", "quarkus-run.jar").toString()));
        }
        var properties = new ArrayList<String>();
        properties.add("-Dquarkus.http.port=" + port);
        properties.add("-Dquarkus.management.port=" + managementPort);
        properties.add("-Djobs.storage.local.data-dir=" + dataDir);
        if (echo) {
            // The tests submit echo jobs, which the prod profile leaves off, as fast as they can, as one caller.
            properties.addAll(List.of("-Djobs.echo.enabled=true", "-Djobs.limits.rate=1000000", "-Djobs.limits.burst=1000000",
                    "-Djobs.limits.max-unfinished=1000000"));
        }
        config.forEach((key, value) -> properties.add("-D" + key + "=" + value));
        // System properties go before -jar for the JVM, and anywhere for a native executable.
        command.addAll(command.size() > 1 ? 1 : command.size(), properties);
        var log = dataDir.resolveSibling(dataDir.getFileName() + "-" + port + ".log");
        var builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        // Nothing of the host's Azure identity may leak in: the test says which identity the process has.
        builder.environment().keySet().removeIf(name -> name.startsWith("AZURE_") || name.startsWith("MSI_")
                || name.startsWith("IDENTITY_") || name.startsWith("IMDS_"));
        builder.environment().putAll(environment);
        var process = builder.start();
        STARTED.add(process);
        return new PackagedApp(process, port, managementPort, log);
    }

    String baseUrl() {
        return "http://localhost:" + port;
    }

    int port() {
        return port;
    }

    int managementPort() {
        return managementPort;
    }

    /** Health, metrics: the management interface's own port. */
    String managementUrl() {
        return "http://localhost:" + managementPort;
    }

    /** SIGTERM, as an orchestrator stops a container. */
    void stop() throws InterruptedException {
        process.destroy();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGKILL: the process gets no chance to clean up. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }

    private boolean ready() {
        if (!process.isAlive()) {
            String logged = logTail();
            String message = "The packaged application exited with " + process.exitValue() + "; its log ends with:\n" + logged;
            throw logged.contains("Address already in use") ? new PortTaken(message) : new IllegalStateException(message);
        }
        try {
            var request = HttpRequest.newBuilder(URI.create(managementUrl() + "/q/health/ready")).build();
            return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The last lines the application wrote, for a failure message. */
    private String logTail() {
        try {
            var lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "(its log " + log + " cannot be read: " + e.getMessage() + ")";
        }
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
