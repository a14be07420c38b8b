package io.github.asyncjobs.testing.azure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;

/**
 * A real Azure Storage server for tests: Azurite from npm, installed into {@code target/azurite} on first
 * use (versions pinned by {@code src/test/azurite/package-lock.json}), serving HTTPS with a self-signed
 * certificate made with keytool, and validating Entra ID tokens and SAS signatures ({@code --oauth basic}).
 */
public final class Azurite {

    public static final String ACCOUNT = "devstoreaccount1";
    public static final String STORE_PASSWORD = "azurite-test";

    private static final Path HOME = Path.of("target", "azurite").toAbsolutePath();

    private final int port;
    private final Path location;
    private final Path debugLog;
    private final boolean benchmark;
    private Process process;

    private Azurite(int port, Path location, boolean benchmark) {
        this.port = port;
        this.location = location;
        this.debugLog = location.resolveSibling(location.getFileName() + "-debug.log");
        this.benchmark = benchmark;
    }

    /** Installs (once), then starts an Azurite Blob service on a free loopback port with an empty location. */
    public static Azurite start() {
        return start(false);
    }

    /**
     * For benchmarks: data in memory and no debug log, the two things that cost single-threaded Azurite most CPU per
     * request. Count requests with the service's {@code jobs_storage_requests_total} instead of {@link #debugLog()}.
     */
    public static Azurite startForBenchmarks() {
        return start(true);
    }

    private static Azurite start(boolean benchmark) {
        install();
        var azurite = new Azurite(freePort(), HOME.resolve("data-" + UUID.randomUUID()), benchmark);
        azurite.restart();
        return azurite;
    }

    /** The PKCS12 file holding Azurite's certificate; also a trust store for clients. */
    public static Path certificate() {
        return HOME.resolve("cert.p12");
    }

    /** The trust-store settings under which a JVM (this one, or a process it starts) trusts Azurite's certificate. */
    public static Map<String, String> trustSettings() {
        return Map.of("javax.net.ssl.trustStore", certificate().toString(), "javax.net.ssl.trustStorePassword", STORE_PASSWORD,
                "javax.net.ssl.trustStoreType", "PKCS12");
    }

    /** Creates a container through {@code endpoint} (Azurite's own, or a forwarder's), trusting Azurite in this JVM. */
    public static void createContainer(String endpoint, String name) {
        container(endpoint, name).create();
    }

    /** A client of a container through {@code endpoint}, as another instance of the service would have. */
    public static BlobContainerClient container(String endpoint, String name) {
        trustSettings().forEach(System::setProperty);
        return new BlobServiceClientBuilder().endpoint(endpoint).credential(new AzuriteTokenCredential(false))
                .buildClient().getBlobContainerClient(name);
    }

    public int port() {
        return port;
    }

    public String endpoint() {
        return "https://127.0.0.1:" + port + "/" + ACCOUNT;
    }

    /** Azurite's debug log: every request it served. */
    public Path debugLog() {
        return debugLog;
    }

    /** Starts Azurite again on the same port and data, as after an outage. */
    public void restart() {
        var command = new ArrayList<>(List.of(HOME.resolve("node_modules/.bin/azurite-blob").toString(),
                "--blobHost", "127.0.0.1", "--blobPort", String.valueOf(port),
                "--cert", certificate().toString(), "--pwd", STORE_PASSWORD,
                "--oauth", "basic", "--skipApiVersionCheck", "--disableTelemetry", "--silent"));
        command.addAll(benchmark ? List.of("--inMemoryPersistence")
                : List.of("--location", location.toString(), "--debug", debugLog.toString()));
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(location.resolveSibling(location.getFileName() + ".log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start Azurite", e);
        }
        awaitPort(true);
    }

    /** Stops Azurite, keeping its data, as in a storage outage. */
    public void stop() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        awaitPort(false);
    }

    private void awaitPort(boolean open) {
        var deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            if (open && !process.isAlive()) {
                throw new IllegalStateException("Azurite exited with " + process.exitValue() + "; see " + location + ".log");
            }
            try (var socket = new Socket("127.0.0.1", port)) {
                if (open) {
                    return;
                }
            } catch (IOException e) {
                if (!open) {
                    return;
                }
            }
            sleep(100);
        }
        throw new IllegalStateException("Azurite did not " + (open ? "start" : "stop") + " on port " + port);
    }

    private static synchronized void install() {
        try {
            Files.createDirectories(HOME);
            awaitInstallUnderWay();
            if (!Files.exists(HOME.resolve("installed"))) {
                run(List.of("bash", Path.of("src", "test", "azurite", "install.sh").toAbsolutePath().toString(), HOME.toString()),
                        "npm ci (installing Azurite)");
            }
            madeCertificate();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot install Azurite into " + HOME, e);
        }
    }

    /**
     * The certificate ({@link #certificate()}), made with keytool if it is not there yet: for TLS servers of other
     * tests too, which the JVM then trusts through {@link #trustSettings()}.
     */
    public static synchronized Path madeCertificate() throws IOException {
        if (!Files.exists(certificate())) {
            Files.createDirectories(HOME);
            var keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
            run(List.of(keytool, "-genkeypair", "-alias", "azurite", "-keyalg", "RSA", "-keysize", "2048", "-validity", "3650",
                    "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
                    "-keystore", certificate().toString(), "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD),
                    "keytool (making Azurite's certificate)");
        }
        return certificate();
    }

    /** Waits for the install the build started in the background (pom.xml: install-azurite), if it still runs. */
    private static void awaitInstallUnderWay() throws IOException {
        var marker = HOME.resolve("installing");
        var deadline = Instant.now().plus(Duration.ofMinutes(10));
        while (Files.exists(marker) && Instant.now().isBefore(deadline)) {
            try {
                var pid = Long.parseLong(Files.readString(marker).strip());
                if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    sleep(200);
                    continue;
                }
            } catch (NumberFormatException | NoSuchFileException e) {
                // being written or just removed: look again
            }
            return;
        }
    }

    private static void run(List<String> command, String what) throws IOException {
        var log = HOME.resolve("install.log");
        var process = new ProcessBuilder(command).directory(HOME.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        try {
            if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException(what + " failed; see " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + " was interrupted", e);
        }
    }

    private static int freePort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
