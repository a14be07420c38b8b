package io.github.asyncjobs.packaged;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The packaged application refuses to start with bad settings, and says which and why: every setting wrong on its own
 * at once (Quarkus validates them together), and settings wrong together (in the prod profile, which the packaged
 * application runs). Each rule of the second kind is checked in-process by {@code ConsistentSettingsTest}. With
 * nothing set, it starts as the prod profile ships it: loopback only, open with a warning, no echo type.
 */
class ConfigurationIT {

    @Test
    void badSettingsStopTheStartWithAMessageNamingEach() throws Exception {
        var refusal = PackagedApp.refusedStart(dataDir(), Map.of(
                "jobs.processor.max-attempts", "0",
                "jobs.processor.initial-backoff", "-1s",
                "jobs.processor.concurrency", "0",
                "jobs.queue.connector", "kafka"));
        assertThat(refusal.exitCode()).isNotZero();
        assertThat(refusal.log()).contains("jobs.processor.max-attempts", "jobs.processor.initial-backoff",
                "jobs.processor.concurrency", "must be embedded-queue or azure-servicebus");
    }

    @Test
    void settingsWrongTogetherStopTheStartWithASentenceForEach() throws Exception {
        var refusal = PackagedApp.refusedStart(dataDir(), Map.of(
                "jobs.storage.blob.endpoint", "https://example.blob.core.windows.net",
                "quarkus.http.proxy.proxy-address-forwarding", "true"));
        assertThat(refusal.exitCode()).isNotZero();
        assertThat(refusal.log()).contains("jobs.auth.enabled is not set, and this service runs in Azure",
                "needs quarkus.http.proxy.trusted-proxies");
    }

    @Test
    void asShippedItListensOnLoopbackOnlySaysItIsOpenAndHasNoEchoType() throws Exception {
        try (var app = PackagedApp.startAsShipped(dataDir())) {
            assertThat(app.log()).contains("Jobs API: open, without authentication (jobs.auth.enabled is not true);"
                    + " listening on 127.0.0.1 only");
            var echo = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/api/jobs"))
                    .header("Content-Type", "application/json").POST(BodyPublishers.ofString("{\"type\":\"echo\",\"input\":{}}"))
                    .build(), BodyHandlers.ofString());
            assertThat(echo.statusCode()).isEqualTo(400);
            assertThat(echo.body()).contains("sales-report").doesNotContain("\"echo\"");
            for (var address : nonLoopbackAddresses()) {
                for (var port : List.of(app.port(), app.managementPort())) {
                    try (var socket = new Socket()) {
                        assertThatThrownBy(() -> socket.connect(new InetSocketAddress(address, port), 5_000))
                                .as("connecting to %s:%d", address, port).isInstanceOf(ConnectException.class);
                    }
                }
            }
        }
    }

    /** This machine's addresses other than loopback: what the service must not be reachable on unless told. */
    private static List<InetAddress> nonLoopbackAddresses() throws SocketException {
        return NetworkInterface.networkInterfaces().filter(network -> {
            try {
                return network.isUp() && !network.isLoopback();
            } catch (SocketException e) {
                return false;
            }
        }).flatMap(NetworkInterface::inetAddresses).filter(address -> address instanceof Inet4Address).toList();
    }

    private static Path dataDir() throws Exception {
        return Files.createTempDirectory(Path.of("target"), "configuration-it-").toAbsolutePath().resolve("data");
    }
}
