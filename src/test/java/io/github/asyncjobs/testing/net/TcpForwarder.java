package io.github.asyncjobs.testing.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Forwards every connection its server socket accepts to a port on loopback, optionally holding each chunk of bytes
 * for a fixed delay in each direction: the round trips of an Azure region (about 5 ms each way) on a loopback machine.
 * The delay is latency only: chunks queue behind each other, so throughput is not bounded by it.
 */
public final class TcpForwarder implements AutoCloseable {

    private record Chunk(byte[] bytes, long dueNanos) {
    }

    private static final Chunk END = new Chunk(new byte[0], 0);

    private final ServerSocket server;
    private final int targetPort;
    private final long delayNanos;
    private volatile boolean closed;

    public TcpForwarder(ServerSocket server, int targetPort, Duration delay) {
        this.server = server;
        this.targetPort = targetPort;
        this.delayNanos = delay.toNanos();
        daemon("forwarder-" + server.getLocalPort(), this::accept).start();
    }

    /** A plain forwarder on a free loopback port. */
    public static TcpForwarder onFreePort(int targetPort, Duration delay) throws IOException {
        return new TcpForwarder(new ServerSocket(0, 200, InetAddress.getLoopbackAddress()), targetPort, delay);
    }

    public int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!closed) {
            try {
                var client = server.accept();
                Socket target;
                try {
                    target = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                } catch (IOException e) {
                    // The target is down: the client is refused, as it would be by the target itself, instead of being
                    // left with a connection that never answers.
                    closeQuietly(client);
                    continue;
                }
                client.setTcpNoDelay(true);
                target.setTcpNoDelay(true);
                forward(client, target);
                forward(target, client);
            } catch (IOException e) {
                if (!closed) {
                    System.getLogger(TcpForwarder.class.getName()).log(System.Logger.Level.WARNING, "forwarder: " + e.getMessage());
                }
            }
        }
    }

    /** One direction: a reader that stamps each chunk, a writer that sends it when its delay has passed. */
    private void forward(Socket from, Socket to) {
        BlockingQueue<Chunk> chunks = new LinkedBlockingQueue<>();
        daemon("forwarder-read", () -> {
            var buffer = new byte[64 * 1024];
            try (InputStream in = from.getInputStream()) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    chunks.add(new Chunk(Arrays.copyOf(buffer, read), System.nanoTime() + delayNanos));
                }
            } catch (IOException e) {
                // the connection ended
            } finally {
                chunks.add(END);
            }
        }).start();
        daemon("forwarder-write", () -> {
            try (OutputStream out = to.getOutputStream()) {
                for (var chunk = chunks.take(); chunk != END; chunk = chunks.take()) {
                    long wait = chunk.dueNanos() - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                    out.write(chunk.bytes());
                }
            } catch (IOException | InterruptedException e) {
                // the connection ended
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }).start();
    }

    private static Thread daemon(String name, Runnable work) {
        var thread = new Thread(work, name);
        thread.setDaemon(true);
        return thread;
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
