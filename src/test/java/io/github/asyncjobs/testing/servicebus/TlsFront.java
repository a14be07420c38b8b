package io.github.asyncjobs.testing.servicebus;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import io.github.asyncjobs.testing.net.TcpForwarder;

/**
 * TLS in front of the test broker, as a namespace serves AMQPS: the SDK reaches a namespace on port 5671 with TLS,
 * and this terminates it and forwards the plain AMQP bytes to the broker (after a delay, if one is given).
 */
public final class TlsFront {

    public static final int AMQPS_PORT = 5671;

    private TlsFront() {
    }

    /**
     * Listens on 127.0.0.1:{@value #AMQPS_PORT} with the certificate in {@code keyStore} (PKCS12).
     *
     * @throws IOException when the port cannot be had (taken, or not allowed)
     */
    public static TcpForwarder start(Path keyStore, String password, int brokerPort, Duration delay) throws IOException {
        try (var in = Files.newInputStream(keyStore)) {
            var keys = KeyStore.getInstance("PKCS12");
            keys.load(in, password.toCharArray());
            var keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, password.toCharArray());
            var tls = SSLContext.getInstance("TLS");
            tls.init(keyManagers.getKeyManagers(), null, null);
            var server = tls.getServerSocketFactory().createServerSocket(AMQPS_PORT, 200, InetAddress.getLoopbackAddress());
            return new TcpForwarder(server, brokerPort, delay);
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("Cannot set up TLS", e);
        }
    }
}
