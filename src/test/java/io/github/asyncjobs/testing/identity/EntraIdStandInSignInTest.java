package io.github.asyncjobs.testing.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The stand-in's sign-in: the authorization code flow with PKCE, as a single-page application goes through it. */
class EntraIdStandInSignInTest {

    private static final String CLIENT = "11111111-2222-3333-4444-555555555555";
    private static final String REDIRECT = "http://localhost:8080/console/";
    private static final String VERIFIER = "a-verifier-of-forty-three-characters-or-more-1234";

    private final EntraIdStandIn entraId = EntraIdStandIn.start();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        entraId.close();
    }

    @Test
    void aUserPickedOnThePageGetsACodeThatTheVerifierTradesOnceForTheirTokens() throws Exception {
        var oid = entraId.addUser("Ada", "Jobs.Submit", "Jobs.Read");
        entraId.addUser("Grace", "Jobs.Manage");
        entraId.addApp(CLIENT, REDIRECT);

        var page = get(authorize(Map.of()));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains(">Ada<", ">Grace<");

        var signedIn = get(authorize(Map.of("login_hint", "Ada")));
        assertThat(signedIn.statusCode()).isEqualTo(302);
        var location = signedIn.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith(REDIRECT + "?code=").contains("state=s1");
        var code = location.replaceAll(".*code=([^&]+).*", "$1");

        assertThat(token(code, "not-the-verifier").statusCode()).as("a wrong verifier").isEqualTo(400);
        var code2 = get(authorize(Map.of("login_hint", "Ada"))).headers().firstValue("Location").orElseThrow()
                .replaceAll(".*code=([^&]+).*", "$1");
        var tokens = token(code2, VERIFIER);
        assertThat(tokens.statusCode()).isEqualTo(200);
        assertThat(tokens.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://localhost:8080");
        var json = new ObjectMapper().readTree(tokens.body());
        var access = claims(json.path("access_token").asText());
        assertThat(access.path("oid").asText()).isEqualTo(oid);
        assertThat(access.path("aud").asText()).isEqualTo(EntraIdStandIn.AUDIENCE);
        assertThat(access.path("azp").asText()).isEqualTo(CLIENT);
        assertThat(access.path("roles").toString()).contains("Jobs.Submit", "Jobs.Read");
        var id = claims(json.path("id_token").asText());
        assertThat(id.path("aud").asText()).isEqualTo(CLIENT);
        assertThat(id.path("nonce").asText()).isEqualTo("n1");
        assertThat(token(code2, VERIFIER).statusCode()).as("a code is used once").isEqualTo(400);
    }

    @Test
    void anUnregisteredRedirectIsNeverFollowedAndPkceIsRequired() throws Exception {
        entraId.addUser("Ada", "Jobs.Read");
        entraId.addApp(CLIENT, REDIRECT);
        var elsewhere = get(authorize(Map.of("login_hint", "Ada", "redirect_uri", "https://attacker.example/")));
        assertThat(elsewhere.statusCode()).isEqualTo(400);
        assertThat(elsewhere.headers().firstValue("Location")).isEmpty();
        var withoutPkce = get(authorize(Map.of("login_hint", "Ada", "code_challenge_method", "plain")));
        assertThat(withoutPkce.headers().firstValue("Location").orElseThrow()).contains("error=invalid_request");
    }

    private URI authorize(Map<String, String> overrides) {
        var parameters = new java.util.LinkedHashMap<>(Map.of("client_id", CLIENT, "response_type", "code", "redirect_uri", REDIRECT,
                "scope", EntraIdStandIn.AUDIENCE + "/.default openid", "state", "s1", "nonce", "n1",
                "code_challenge", SignIns.s256(VERIFIER), "code_challenge_method", "S256"));
        parameters.putAll(overrides);
        return URI.create(entraId.issuer().replace("/v2.0", "/oauth2/v2.0/authorize") + "?" + encode(parameters));
    }

    private HttpResponse<String> get(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> token(String code, String verifier) throws Exception {
        var form = encode(Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT, "client_id", CLIENT,
                "code_verifier", verifier));
        return http.send(HttpRequest.newBuilder(URI.create(entraId.issuer().replace("/v2.0", "/oauth2/v2.0/token")))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Origin", "http://localhost:8080")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String encode(Map<String, String> parameters) {
        return parameters.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static JsonNode claims(String jwt) throws Exception {
        return new ObjectMapper().readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    }
}
