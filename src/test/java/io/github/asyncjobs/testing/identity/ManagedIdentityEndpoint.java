package io.github.asyncjobs.testing.identity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A managed-identity endpoint as Azure Container Apps serves it (the App Service protocol that
 * {@code ManagedIdentityCredential} speaks when {@code IDENTITY_ENDPOINT} and {@code IDENTITY_HEADER} are set):
 * {@code GET ?resource=R&api-version=2019-08-01&client_id=C} with the {@code X-IDENTITY-HEADER} secret, answered with
 * a token for R whose {@code oid} is that of the user-assigned identity with client id C, as Azure does for an app
 * given {@code AZURE_CLIENT_ID}. An app with only user-assigned identities has no default one: without a known
 * {@code client_id} the answer is 400.
 */
public final class ManagedIdentityEndpoint implements AutoCloseable {

    /** A user-assigned identity: the client id an app is given, the object id its tokens carry. */
    public record Identity(String name, String clientId, String objectId) {

        /** Ids derived from the name, stable across runs. */
        public static Identity named(String name) {
            return new Identity(name, uuid("client id of " + name), uuid("object id of " + name));
        }

        private static String uuid(String text) {
            return UUID.nameUUIDFromBytes(text.getBytes(StandardCharsets.UTF_8)).toString();
        }
    }

    private final HttpServer server;
    private final String secret = UUID.randomUUID().toString();
    private final Map<String, Identity> byClientId;
    private final Map<String, AtomicLong> tokensIssued = new ConcurrentHashMap<>();

    private ManagedIdentityEndpoint(HttpServer server, Identity... identities) {
        this.server = server;
        this.byClientId = Arrays.stream(identities).collect(Collectors.toUnmodifiableMap(Identity::clientId, Function.identity()));
        server.createContext("/msi/token", this::token);
        server.start();
    }

    /** Serves tokens for these identities. */
    public static ManagedIdentityEndpoint start(Identity... identities) {
        try {
            return new ManagedIdentityEndpoint(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0), identities);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The environment a container platform gives a process that holds {@code identity} (AZURE_CLIENT_ID names it). */
    public Map<String, String> environment(Identity identity) {
        return Map.of("IDENTITY_ENDPOINT", "http://127.0.0.1:" + server.getAddress().getPort() + "/msi/token",
                "IDENTITY_HEADER", secret, "AZURE_CLIENT_ID", identity.clientId());
    }

    /** Tokens handed out for {@code resource} (e.g. https://storage.azure.com), to any identity. */
    public long tokensIssued(String resource) {
        return tokensIssued.getOrDefault(resource, new AtomicLong()).get();
    }

    private void token(HttpExchange exchange) throws IOException {
        try (exchange) {
            var resource = query(exchange, "resource");
            var clientId = query(exchange, "client_id");
            if (!secret.equals(exchange.getRequestHeaders().getFirst("X-IDENTITY-HEADER")) || resource == null) {
                exchange.sendResponseHeaders(400, -1);
                return;
            }
            var identity = clientId == null ? null : byClientId.get(clientId);
            if (identity == null) {
                respond(exchange, 400, "{\"statusCode\":400,\"message\":\"No managed identity found for client id " + clientId + "\"}");
                return;
            }
            var audience = resource.replaceAll("/+$", "").replace("/.default", "");
            var now = OffsetDateTime.now();
            tokensIssued.computeIfAbsent(audience, r -> new AtomicLong()).incrementAndGet();
            respond(exchange, 200, "{\"access_token\":\"" + TestTokens.accessToken(audience, identity.objectId(), now)
                    + "\",\"expires_on\":\"" + now.plus(TestTokens.LIFETIME).toEpochSecond() + "\",\"resource\":\"" + resource
                    + "\",\"token_type\":\"Bearer\",\"client_id\":\"" + identity.clientId() + "\"}");
        }
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        var body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
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
