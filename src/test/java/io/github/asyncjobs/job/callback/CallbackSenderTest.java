package io.github.asyncjobs.job.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import io.github.asyncjobs.config.CallbacksConfig;
import io.github.asyncjobs.config.JobsConfig;
import io.github.asyncjobs.testing.azure.Azurite;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PfxOptions;

/**
 * The sender connects to the address it is given, never looking the name up, and speaks TLS to the URL's host: the
 * server's certificate is checked against that name, with the JVM's trust store (here one that trusts a test
 * certificate made for {@code localhost}).
 */
class CallbackSenderTest {

    @Test
    void connectsToTheCheckedAddressAndChecksTheCertificateAgainstTheUrlsHost() throws Exception {
        var certificate = Azurite.madeCertificate();
        Azurite.trustSettings().forEach(System::setProperty);
        var vertx = Vertx.vertx();
        try {
            var hosts = new CopyOnWriteArrayList<String>();
            var server = vertx.createHttpServer(new HttpServerOptions().setSsl(true)
                    .setKeyCertOptions(new PfxOptions().setPath(certificate.toString()).setPassword(Azurite.STORE_PASSWORD)))
                    .requestHandler(request -> {
                        hosts.add(request.getHeader("Host"));
                        request.response().setStatusCode(202).end();
                    })
                    // Not where localhost resolves to (127.0.0.1): only a connection to the given address reaches it.
                    .listen(0, "127.0.0.2").toCompletionStage().toCompletableFuture().get();
            int port = server.actualPort();
            var sender = new CallbackSender(callbacks(), vertx);
            var checked = InetAddress.getByName("127.0.0.2");
            var event = "{}".getBytes(StandardCharsets.UTF_8);

            var answer = sender.send(URI.create("https://localhost:" + port + "/hooks"), checked, Optional.empty(), "id-1", event);
            assertThat(answer.status()).isEqualTo(202);
            assertThat(hosts).containsExactly("localhost:" + port);
            // A name the certificate does not carry (and no resolver knows): reached at the checked address, refused by TLS.
            assertThatThrownBy(() -> sender.send(URI.create("https://receiver.invalid:" + port + "/hooks"), checked,
                    Optional.empty(), "id-2", event)).isInstanceOf(IOException.class);
            assertThat(hosts).as("no request was sent over the refused connection").hasSize(1);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
    }

    private static CallbacksConfig callbacks() {
        var config = new SmallRyeConfigBuilder().withMapping(JobsConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter()).build();
        return config.getConfigMapping(JobsConfig.class).callbacks();
    }
}
