package io.github.asyncjobs.testing.identity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import io.github.asyncjobs.testing.azure.Azurite;
import io.smallrye.jwt.build.Jwt;

/**
 * Microsoft Entra ID as the service sees it, on loopback: a v2.0 issuer per tenant with its OpenID Connect discovery
 * document and its signing keys (JWKS), and access tokens for an API signed with them (RS256, a {@code kid}, the
 * claims Entra ID puts in: {@code iss}, {@code aud}, {@code tid}, {@code oid}, {@code roles} or {@code scp}).
 * quarkus-oidc in the service discovers and checks them exactly as it would against login.microsoftonline.com.
 * Users a test adds sign in through the authorization code flow with PKCE ({@link SignIns}). As a program (the
 * benchmarks' issuer), it writes the service's settings and a token with every role, as
 * {@code export} lines, to the file given as argument, then runs until killed.
 */
public final class EntraIdStandIn implements AutoCloseable {

    public static final String TENANT_ID = "5d3b4c1a-0e6f-4a29-9b1c-7f2e8d6a4b10";
    /** The API's application id URI, the audience its tokens are for. */
    public static final String AUDIENCE = "api://async-jobs-test";

    private final HttpServer server;
    private final KeyPair signingKey = rsaKeyPair();
    private final KeyPair strangerKey = rsaKeyPair();
    private final String keyId = UUID.randomUUID().toString();
    private final SignIns signIns = new SignIns(new SignIns.Tokens() {
        @Override
        public String access(SignIns.User user, String clientId) {
            return token(user.roles().toArray(String[]::new)).objectId(user.objectId()).clientId(clientId).jwt();
        }

        @Override
        public String id(SignIns.User user, String clientId, String nonce) {
            var now = Instant.now();
            var claims = Jwt.issuer(issuer()).audience(clientId).subject(user.objectId()).claim("oid", user.objectId())
                    .claim("tid", TENANT_ID).claim("name", user.name()).claim("preferred_username", user.name())
                    .issuedAt(now).expiresAt(now.plus(Duration.ofHours(1))).claim("ver", "2.0");
            if (nonce != null) {
                claims.claim("nonce", nonce);
            }
            return claims.jws().keyId(keyId).sign(signingKey.getPrivate());
        }
    });

    private EntraIdStandIn(HttpServer server) {
        this.server = server;
        server.createContext("/" + TENANT_ID + "/v2.0/.well-known/openid-configuration", this::discovery);
        server.createContext("/" + TENANT_ID + "/discovery/v2.0/keys", this::keys);
        server.createContext("/" + TENANT_ID + "/oauth2/v2.0/authorize", signIns::authorize);
        server.createContext("/" + TENANT_ID + "/oauth2/v2.0/token", signIns::token);
        server.createContext("/" + TENANT_ID + "/oauth2/v2.0/logout", signIns::logout);
        server.start();
    }

    /**
     * A user of the tenant who can sign in through {@code /authorize} (the page lists them by name; a
     * {@code login_hint} picks one), with these app roles; the object id of their tokens.
     */
    public String addUser(String name, String... roles) {
        return signIns.addUser(name, List.of(roles)).objectId();
    }

    /** An application registration's client id and one of its redirect URIs (a single-page application's). */
    public void addApp(String clientId, String redirectUri) {
        signIns.addApp(clientId, redirectUri);
    }

    public static EntraIdStandIn start() {
        try {
            return new EntraIdStandIn(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Over HTTPS, as MSAL.js requires of an authority (the console's sign-in), with the tests' certificate
     * ({@link Azurite#madeCertificate()}): a service started with {@link Azurite#trustSettings()} trusts it.
     */
    public static EntraIdStandIn startHttps() {
        try (var in = Files.newInputStream(Azurite.madeCertificate())) {
            var keys = KeyStore.getInstance("PKCS12");
            keys.load(in, Azurite.STORE_PASSWORD.toCharArray());
            var keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, Azurite.STORE_PASSWORD.toCharArray());
            var tls = SSLContext.getInstance("TLS");
            tls.init(keyManagers.getKeyManagers(), null, null);
            var server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(tls));
            return new EntraIdStandIn(server);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot set up TLS", e);
        }
    }

    /**
     * For benchmarks: starts the issuer and writes a shell file with its settings and a manager's token
     * ({@code BEARER_TOKEN}); each further argument NAME adds a caller of its own ({@code TOKEN_NAME}, {@code OID_NAME}:
     * Jobs.Submit and Jobs.Read).
     */
    public static void main(String[] args) throws IOException {
        var entraId = start();
        var token = entraId.token("Jobs.Submit", "Jobs.Read", "Jobs.Manage").validFor(Duration.ofHours(12));
        var file = new StringBuilder("export JOBS_AUTH_ISSUER='" + entraId.issuer() + "'\nexport JOBS_AUTH_AUDIENCE='" + AUDIENCE
                + "'\nexport BEARER_TOKEN='" + token.jwt() + "'\n");
        for (var name : List.of(args).subList(1, args.length)) {
            var caller = entraId.token("Jobs.Submit", "Jobs.Read").validFor(Duration.ofHours(12));
            file.append("export TOKEN_").append(name).append("='").append(caller.jwt()).append("'\nexport OID_").append(name)
                    .append("='").append(caller.objectId()).append("'\n");
        }
        Files.writeString(Path.of(args[0]), file);
    }

    /** The tenant's issuer, as {@code https://login.microsoftonline.com/<tenant>/v2.0} is in Azure. */
    public String issuer() {
        return base() + "/" + TENANT_ID + "/v2.0";
    }

    /** A token for a new principal of the tenant, with {@code roles}; change it with the builder's methods. */
    public Token token(String... roles) {
        return new Token(issuer(), AUDIENCE, TENANT_ID, UUID.randomUUID().toString(), List.of(roles), List.of(),
                Duration.ofHours(1), false, null);
    }

    /** An access token under construction. */
    public final class Token {
        private final String issuer;
        private final String audience;
        private final String tenant;
        private final String objectId;
        private final List<String> roles;
        private final List<String> scopes;
        private final Duration validFor;
        private final boolean signedByStranger;
        private final String clientId;

        private Token(String issuer, String audience, String tenant, String objectId, List<String> roles, List<String> scopes,
                Duration validFor, boolean signedByStranger, String clientId) {
            this.issuer = issuer;
            this.audience = audience;
            this.tenant = tenant;
            this.objectId = objectId;
            this.roles = roles;
            this.scopes = scopes;
            this.validFor = validFor;
            this.signedByStranger = signedByStranger;
            this.clientId = clientId;
        }

        public String objectId() {
            return objectId;
        }

        /** Delegated scopes ({@code scp}) instead of app roles, as for an app acting for a signed-in user. */
        public Token scopes(String... names) {
            return new Token(issuer, audience, tenant, objectId, List.of(), List.of(names), validFor, signedByStranger, clientId);
        }

        /** For this principal (an object id chosen by the test, e.g. one with limits of its own). */
        public Token objectId(String other) {
            return new Token(issuer, audience, tenant, other, roles, scopes, validFor, signedByStranger, clientId);
        }

        /** Signed in through this client application ({@code azp}). */
        public Token clientId(String client) {
            return new Token(issuer, audience, tenant, objectId, roles, scopes, validFor, signedByStranger, client);
        }

        /** For a principal of another tenant (the same issuer, as a multi-tenant app registration would see it). */
        public Token tenant(String other) {
            return new Token(issuer, audience, other, objectId, roles, scopes, validFor, signedByStranger, clientId);
        }

        public Token audience(String other) {
            return new Token(issuer, other, tenant, objectId, roles, scopes, validFor, signedByStranger, clientId);
        }

        public Token issuer(String other) {
            return new Token(other, audience, tenant, objectId, roles, scopes, validFor, signedByStranger, clientId);
        }

        /** Expired this long ago (negative) or valid this long (positive). */
        public Token validFor(Duration duration) {
            return new Token(issuer, audience, tenant, objectId, roles, scopes, duration, signedByStranger, clientId);
        }

        /** Signed with a key the tenant never published, under the tenant's key id. */
        public Token signedByStranger() {
            return new Token(issuer, audience, tenant, objectId, roles, scopes, validFor, true, clientId);
        }

        /** The compact JWS, for {@code Authorization: Bearer}. */
        public String jwt() {
            var now = Instant.now();
            var claims = Jwt.issuer(issuer).audience(audience).subject(objectId).claim("oid", objectId).claim("tid", tenant)
                    .issuedAt(now.minusSeconds(300)).claim("nbf", now.minusSeconds(300).getEpochSecond())
                    .expiresAt(now.plus(validFor)).claim("ver", "2.0");
            if (!roles.isEmpty()) {
                claims.claim("roles", roles);
            }
            if (clientId != null) {
                claims.claim("azp", clientId);
            }
            if (!scopes.isEmpty()) {
                claims.claim("scp", String.join(" ", scopes));
            }
            return claims.jws().keyId(keyId).sign((signedByStranger ? strangerKey : signingKey).getPrivate());
        }

        /** The header value. */
        public String bearer() {
            return "Bearer " + jwt();
        }
    }

    private String base() {
        return (server instanceof HttpsServer ? "https" : "http") + "://127.0.0.1:" + server.getAddress().getPort();
    }

    private void discovery(HttpExchange exchange) throws IOException {
        var tenantBase = base() + "/" + TENANT_ID;
        respond(exchange, "{\"issuer\":\"" + issuer() + "\",\"jwks_uri\":\"" + tenantBase + "/discovery/v2.0/keys\","
                + "\"authorization_endpoint\":\"" + tenantBase + "/oauth2/v2.0/authorize\","
                + "\"token_endpoint\":\"" + tenantBase + "/oauth2/v2.0/token\","
                + "\"end_session_endpoint\":\"" + tenantBase + "/oauth2/v2.0/logout\","
                + "\"response_types_supported\":[\"code\",\"id_token\",\"code id_token\",\"id_token token\"],"
                + "\"subject_types_supported\":[\"pairwise\"],\"id_token_signing_alg_values_supported\":[\"RS256\"]}");
    }

    private void keys(HttpExchange exchange) throws IOException {
        var key = (RSAPublicKey) signingKey.getPublic();
        respond(exchange, "{\"keys\":[{\"kty\":\"RSA\",\"use\":\"sig\",\"kid\":\"" + keyId + "\",\"n\":\""
                + base64Url(key.getModulus()) + "\",\"e\":\"" + base64Url(key.getPublicExponent()) + "\"}]}");
    }

    private static void respond(HttpExchange exchange, String json) throws IOException {
        try (exchange) {
            var body = json.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            // As Entra ID serves its metadata and keys: to any origin (a single-page application reads them).
            exchange.getResponseHeaders().add("Access-Control-Allow-Origin", "*");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    private static String base64Url(BigInteger value) {
        var bytes = value.toByteArray();
        var unsigned = bytes[0] == 0 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(unsigned);
    }

    private static KeyPair rsaKeyPair() {
        try {
            var generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
