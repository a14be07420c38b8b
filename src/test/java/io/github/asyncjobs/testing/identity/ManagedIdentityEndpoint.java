package io.github.asyncjobs.testing.identity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A managed-identity endpoint as Azure Container Apps serves it (the App Service protocol that
 * {@code ManagedIdentityCredential} speaks when {@code IDENTITY_ENDPOINT} and {@code IDENTITY_HEADER} are set):
 * {@code GET ?resource=R&api-version=2019-08-01} with the {@code X-IDENTITY-HEADER} secret, answered with a token for R.
 */
public final class ManagedIdentityEndpoint implements AutoCloseable {

    private final HttpServer server;
    private final String secret = UUID.randomUUID().toString();
    private final Map<String, AtomicLong> tokensIssued = new ConcurrentHashMap<>();

    private ManagedIdentityEndpoint(HttpServer server) {
        this.server = server;
        server.createContext("/msi/token", this::token);
        server.start();
    }

    public static ManagedIdentityEndpoint start() {
        try {
            return new ManagedIdentityEndpoint(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The environment a container platform gives a process with this identity. */
    public Map<String, String> environment() {
        return Map.of("IDENTITY_ENDPOINT", "http://127.0.0.1:" + server.getAddress().getPort() + "/msi/token",
                "IDENTITY_HEADER", secret);
    }

    /** Tokens handed out for {@code resource} (e.g. https://storage.azure.com). */
    public long tokensIssued(String resource) {
        return tokensIssued.getOrDefault(resource, new AtomicLong()).get();
    }

    private void token(HttpExchange exchange) throws IOException {
        try (exchange) {
            var resource = query(exchange, "resource");
            if (!secret.equals(exchange.getRequestHeaders().getFirst("X-IDENTITY-HEADER")) || resource == null) {
                exchange.sendResponseHeaders(400, -1);
                return;
            }
            var audience = resource.replaceAll("/+$", "").replace("/.default", "");
            var now = OffsetDateTime.now();
            var body = ("{\"access_token\":\"" + TestTokens.accessToken(audience, now) + "\",\"expires_on\":\""
                    + now.plus(TestTokens.LIFETIME).toEpochSecond() + "\",\"resource\":\"" + resource + "\",\"token_type\":\"Bearer\"}")
                    .getBytes(StandardCharsets.UTF_8);
            tokensIssued.computeIfAbsent(audience, r -> new AtomicLong()).incrementAndGet();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    private static String query(HttpExchange exchange, String name) {
        var query = exchange.getRequestURI().getRawQuery();
        if (query == null) {
            return null;
        }
        for (var pair : query.split("&")) {
            var keyValue = pair.split("=", 2);
            if (keyValue.length == 2 && keyValue[0].equals(name)) {
                return URLDecoder.decode(keyValue[1], StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
