package io.github.asyncjobs.testing.identity;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import com.sun.net.httpserver.HttpExchange;

/**
 * The sign-in of {@link EntraIdStandIn}: the OAuth 2.0 authorization code flow with PKCE (S256 only, as Entra ID
 * requires of single-page applications), for the users and applications a test registers. {@code /authorize} shows a
 * page with a button per user (or signs in the user a {@code login_hint} names) and redirects to the registered
 * redirect URI with a code; {@code /token} trades the code, once, within five minutes, for an access token for the API
 * (the user's app roles, {@code azp} the client) and an ID token, answering CORS requests from the redirect URI's origin
 * as Entra ID does for a single-page application's redirect URI. {@code /logout} sends the browser back to a registered
 * redirect URI.
 */
final class SignIns {

    private static final Duration CODE_LIFETIME = Duration.ofMinutes(5);

    /** A user who can sign in: a name to pick on the page, an object id, app roles. */
    record User(String name, String objectId, List<String> roles) {
    }

    private record Code(User user, String clientId, String redirectUri, String challenge, String nonce, String scope, Instant expires) {
    }

    private final Map<String, User> users = new LinkedHashMap<>();
    /** Client id to its redirect URIs. */
    private final Map<String, List<String>> apps = new ConcurrentHashMap<>();
    private final Map<String, Code> codes = new ConcurrentHashMap<>();
    private final Tokens tokens;

    /** The tokens a sign-in ends with, signed by the tenant's key. */
    interface Tokens {
        /** An access token for the API: the user's app roles, {@code azp} the client. */
        String access(User user, String clientId);

        /** An ID token for the client, with the nonce of the sign-in request. */
        String id(User user, String clientId, String nonce);
    }

    SignIns(Tokens tokens) {
        this.tokens = tokens;
    }

    synchronized User addUser(String name, List<String> roles) {
        var user = new User(name, UUID.randomUUID().toString(), List.copyOf(roles));
        users.put(name, user);
        return user;
    }

    void addApp(String clientId, String redirectUri) {
        apps.merge(clientId, List.of(redirectUri), (known, added) -> Stream.concat(known.stream(), added.stream()).toList());
    }

    void authorize(HttpExchange exchange) throws IOException {
        var query = form(exchange.getRequestURI().getRawQuery());
        var clientId = query.get("client_id");
        var redirectUri = query.get("redirect_uri");
        if (clientId == null || redirectUri == null || !apps.getOrDefault(clientId, List.of()).contains(redirectUri)) {
            // Entra ID shows its own error page and never redirects to an unregistered URI.
            send(exchange, 400, "text/html", "<p>AADSTS50011: the redirect URI does not match one registered for the application.</p>");
            return;
        }
        if (!"code".equals(query.get("response_type")) || !"S256".equals(query.get("code_challenge_method"))
                || query.get("code_challenge") == null) {
            redirect(exchange, redirectUri, query.get("response_mode"), Map.of("error", "invalid_request", "error_description",
                    "AADSTS9002325: Proof Key for Code Exchange (S256) is required", "state", query.getOrDefault("state", "")));
            return;
        }
        User user;
        synchronized (this) {
            user = users.get(query.get("login_hint"));
        }
        if (user == null) {
            send(exchange, 200, "text/html", page(exchange.getRequestURI()));
            return;
        }
        var code = UUID.randomUUID().toString();
        codes.put(code, new Code(user, clientId, redirectUri, query.get("code_challenge"), query.get("nonce"),
                query.getOrDefault("scope", ""), Instant.now().plus(CODE_LIFETIME)));
        var answer = new LinkedHashMap<String, String>();
        answer.put("code", code);
        if (query.get("state") != null) {
            answer.put("state", query.get("state"));
        }
        redirect(exchange, redirectUri, query.get("response_mode"), answer);
    }

    void token(HttpExchange exchange) throws IOException {
        var origin = exchange.getRequestHeaders().getFirst("Origin");
        if (origin != null && apps.values().stream().flatMap(List::stream).anyMatch(uri -> origin(uri).equals(origin))) {
            exchange.getResponseHeaders().add("Access-Control-Allow-Origin", origin);
            // Whatever headers the client asks to send (MSAL.js sends its telemetry and correlation headers).
            var asked = exchange.getRequestHeaders().getFirst("Access-Control-Request-Headers");
            exchange.getResponseHeaders().add("Access-Control-Allow-Headers", asked == null ? "Content-Type" : asked);
            exchange.getResponseHeaders().add("Access-Control-Allow-Methods", "POST");
        }
        if ("OPTIONS".equals(exchange.getRequestMethod())) {
            send(exchange, 204, null, "");
            return;
        }
        var body = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        var code = body.get("code") == null ? null : codes.remove(body.get("code"));
        if (!"authorization_code".equals(body.get("grant_type")) || code == null || code.expires().isBefore(Instant.now())
                || !code.clientId().equals(body.get("client_id")) || !code.redirectUri().equals(body.get("redirect_uri"))
                || body.get("code_verifier") == null || !code.challenge().equals(s256(body.get("code_verifier")))) {
            send(exchange, 400, "application/json", "{\"error\":\"invalid_grant\",\"error_description\":"
                    + "\"AADSTS70008: the code is unknown, used, expired, or was not issued for this client, redirect URI and verifier\"}");
            return;
        }
        // The API's scopes asked for (not OpenID Connect's own), and client_info, as Entra ID answers MSAL.
        var scopes = Arrays.stream(code.scope().split(" ")).filter(scope -> scope.startsWith(EntraIdStandIn.AUDIENCE))
                .toList();
        var clientInfo = Base64.getUrlEncoder().withoutPadding().encodeToString(("{\"uid\":\"" + code.user().objectId()
                + "\",\"utid\":\"" + EntraIdStandIn.TENANT_ID + "\"}").getBytes(StandardCharsets.UTF_8));
        send(exchange, 200, "application/json", "{\"token_type\":\"Bearer\",\"expires_in\":3600,\"ext_expires_in\":3600,\"scope\":\""
                + (scopes.isEmpty() ? EntraIdStandIn.AUDIENCE + "/.default" : String.join(" ", scopes))
                + "\",\"access_token\":\"" + tokens.access(code.user(), code.clientId())
                + "\",\"id_token\":\"" + tokens.id(code.user(), code.clientId(), code.nonce())
                + "\",\"client_info\":\"" + clientInfo + "\"}");
    }

    /** Signing out: back to {@code post_logout_redirect_uri} if it is an app's registered redirect URI (no session is kept here). */
    void logout(HttpExchange exchange) throws IOException {
        var back = form(exchange.getRequestURI().getRawQuery()).get("post_logout_redirect_uri");
        if (back == null || apps.values().stream().flatMap(List::stream).noneMatch(back::equals)) {
            send(exchange, 200, "text/html", "<p>You signed out.</p>");
            return;
        }
        exchange.getResponseHeaders().add("Location", back);
        send(exchange, 302, null, "");
    }

    /** The sign-in page: one button per user, each a GET of the same request with a login_hint. */
    private synchronized String page(URI request) {
        var html = new StringBuilder("<!doctype html><html lang=\"en\"><head><title>Sign in</title></head><body><main><h1>Pick an account</h1>");
        for (var name : users.keySet()) {
            var hinted = request.getPath() + "?" + request.getRawQuery() + "&login_hint=" + URLEncoder.encode(name, StandardCharsets.UTF_8);
            html.append("<p><a role=\"button\" href=\"").append(hinted.replace("&", "&amp;")).append("\">").append(name).append("</a></p>");
        }
        return html.append("</main></body></html>").toString();
    }

    static String s256(String verifier) {
        try {
            var digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String origin(String uri) {
        var parsed = URI.create(uri);
        return parsed.getScheme() + "://" + parsed.getRawAuthority();
    }

    /** To the redirect URI with the answer in its query, or in its fragment when {@code response_mode=fragment}. */
    private static void redirect(HttpExchange exchange, String redirectUri, String responseMode, Map<String, String> parameters)
            throws IOException {
        var query = new StringBuilder();
        parameters.forEach((name, value) -> query.append(query.length() == 0 ? "" : "&").append(name).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        var separator = "fragment".equals(responseMode) ? "#" : redirectUri.contains("?") ? "&" : "?";
        exchange.getResponseHeaders().add("Location", redirectUri + separator + query);
        send(exchange, 302, null, "");
    }

    private static Map<String, String> form(String encoded) {
        var values = new HashMap<String, String>();
        if (encoded != null && !encoded.isEmpty()) {
            for (var pair : encoded.split("&")) {
                var parts = pair.split("=", 2);
                values.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
                        parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
            }
        }
        return values;
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        try (exchange) {
            var bytes = body.getBytes(StandardCharsets.UTF_8);
            if (contentType != null) {
                exchange.getResponseHeaders().add("Content-Type", contentType + "; charset=utf-8");
            }
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
        }
    }
}
