package io.github.asyncjobs.testing.servicebus;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * TLS in front of the test broker, as a namespace serves AMQPS: the SDK reaches a namespace on port 5671 with TLS,
 * and this terminates it and forwards the plain AMQP bytes to the broker.
 */
public final class TlsFront implements AutoCloseable {

    public static final int AMQPS_PORT = 5671;

    private final ServerSocket server;
    private final int backendPort;
    private volatile boolean closed;

    private TlsFront(ServerSocket server, int backendPort) {
        this.server = server;
        this.backendPort = backendPort;
        var acceptor = new Thread(this::accept, "tls-front");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * Listens on 127.0.0.1:{@value #AMQPS_PORT} with the certificate in {@code keyStore} (PKCS12).
     *
     * @throws IOException when the port cannot be had (taken, or not allowed)
     */
    public static TlsFront start(Path keyStore, String password, int backendPort) throws IOException {
        try (var in = Files.newInputStream(keyStore)) {
            var keys = KeyStore.getInstance("PKCS12");
            keys.load(in, password.toCharArray());
            var keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, password.toCharArray());
            var tls = SSLContext.getInstance("TLS");
            tls.init(keyManagers.getKeyManagers(), null, null);
            var server = tls.getServerSocketFactory().createServerSocket(AMQPS_PORT, 50, InetAddress.getLoopbackAddress());
            return new TlsFront(server, backendPort);
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("Cannot set up TLS", e);
        }
    }

    private void accept() {
        while (!closed) {
            try {
                var client = server.accept();
                var backend = new Socket(InetAddress.getLoopbackAddress(), backendPort);
                pipe(client, backend);
                pipe(backend, client);
            } catch (IOException e) {
                if (!closed) {
                    System.getLogger(TlsFront.class.getName()).log(System.Logger.Level.WARNING, "TLS front: " + e.getMessage());
                }
            }
        }
    }

    /** Copies one direction until either side closes, then closes both. */
    private static void pipe(Socket from, Socket to) {
        var thread = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                // the connection ended
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "tls-front-pipe");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing is all that was left to do
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
    }
}
