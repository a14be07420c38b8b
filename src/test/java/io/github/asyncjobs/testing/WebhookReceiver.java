package io.github.asyncjobs.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A webhook receiver on 127.0.0.1, as a client of the service would run one: it answers each POST as its script says
 * (a status, after a delay, with headers), then with {@link #otherwise}, and keeps everything it was sent.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** The Standard Webhooks secret the test profile signs events with (application.properties, 24 random bytes). */
    public static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One scripted answer. */
    public record Reply(int status, Duration delay, Map<String, String> headers, String body) {

        public static Reply status(int status) {
            return new Reply(status, Duration.ZERO, Map.of(), "");
        }

        /** The same answer, given only after {@code delay}. */
        public Reply after(Duration delay) {
            return new Reply(status, delay, headers, body);
        }

        public Reply with(String header, String value) {
            return new Reply(status, delay, Map.of(header, value), body);
        }

        /** The same answer with this text as its body. */
        public Reply body(String text) {
            return new Reply(status, delay, headers, text);
        }
    }

    /** One request as it arrived; header names in lower case. */
    public record Received(Instant at, String method, Map<String, String> headers, byte[] body) {

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("The body is not JSON: " + new String(body, StandardCharsets.UTF_8), e);
            }
        }

        /** Verifies the Standard Webhooks signature as docs/api.md tells receivers to. */
        public boolean signedWith(String secret) {
            try {
                var mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.replaceFirst("^whsec_", "")), "HmacSHA256"));
                mac.update((header("webhook-id") + "." + header("webhook-timestamp") + ".").getBytes(StandardCharsets.UTF_8));
                var expected = "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
                return List.of(header("webhook-signature").split(" ")).contains(expected);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private final HttpServer server;
    private final ConcurrentLinkedQueue<Reply> script = new ConcurrentLinkedQueue<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile Reply otherwise = Reply.status(202);
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();

    private WebhookReceiver(HttpServer server) {
        this.server = server;
    }

    public static WebhookReceiver start() {
        try {
            var server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
            var receiver = new WebhookReceiver(server);
            server.createContext("/", receiver::handle);
            server.setExecutor(Executors.newCachedThreadPool(runnable -> {
                var thread = new Thread(runnable, "webhook-receiver");
                thread.setDaemon(true);
                return thread;
            }));
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Answers the next requests with these, in order. */
    public WebhookReceiver answer(Reply... replies) {
        script.addAll(List.of(replies));
        return this;
    }

    /** Answers with this once the script is used up (202 until told otherwise). */
    public WebhookReceiver otherwise(Reply reply) {
        otherwise = reply;
        return this;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/jobs";
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    /** The most requests this receiver was answering at once. */
    public int maxInFlight() {
        return maxInFlight.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try (exchange) {
            var headers = exchange.getRequestHeaders().entrySet().stream()
                    .collect(Collectors.toMap(e -> e.getKey().toLowerCase(Locale.ROOT), e -> String.join(",", e.getValue())));
            received.add(new Received(Instant.now(), exchange.getRequestMethod(), headers, exchange.getRequestBody().readAllBytes()));
            var reply = script.poll();
            reply = reply == null ? otherwise : reply;
            Thread.sleep(reply.delay().toMillis());
            reply.headers().forEach(exchange.getResponseHeaders()::add);
            var body = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
            exchange.getResponseBody().write(body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the sender gave up waiting: what a slow receiver gets
        } finally {
            inFlight.decrementAndGet();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
