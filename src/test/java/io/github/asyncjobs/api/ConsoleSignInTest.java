package io.github.asyncjobs.api;

import static io.github.asyncjobs.testing.identity.EntraIdResource.entraId;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.net.URI;

import org.junit.jupiter.api.Test;

import io.github.asyncjobs.testing.identity.AuthProfile;
import io.github.asyncjobs.testing.identity.EntraIdStandIn;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** With authentication on, the console learns how to sign users in, and may call the authority and nothing else. */
@QuarkusTest
@TestProfile(AuthProfile.class)
class ConsoleSignInTest {

    @Test
    void theConsoleSignsInWithItsOwnRegistrationAtTheIssuersAuthorityForTheApisScope() {
        var issuer = URI.create(entraId().issuer());
        given().get("/console/settings.json").then().statusCode(200)
                .body("signInRequired", equalTo(true))
                .body("signIn.clientId", equalTo(AuthProfile.CONSOLE_CLIENT))
                .body("signIn.authority", equalTo(issuer.toString().replace("/v2.0", "")))
                .body("signIn.knownAuthorities", contains(issuer.getAuthority()))
                .body("signIn.scopes", contains(EntraIdStandIn.AUDIENCE + "/.default"));
        given().get("/console/").then().statusCode(200)
                .header("Content-Security-Policy", containsString("connect-src 'self' " + issuer.getScheme() + "://"
                        + issuer.getAuthority() + ";"));
    }
}
