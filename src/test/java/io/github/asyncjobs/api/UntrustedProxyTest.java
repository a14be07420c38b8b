package io.github.asyncjobs.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.both;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.asyncjobs.adapter.embedded.UnusualDataDirTest;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** X-Forwarded-* headers from a peer that is not a trusted proxy do not shape the URLs the API hands out. */
@QuarkusTest
@TestProfile(UnusualDataDirTest.UnusualSetup.class)
class UntrustedProxyTest {

    @Test
    void forwardedHeadersFromAnUntrustedPeerAreIgnored() {
        given().contentType(ContentType.JSON).header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "evil.example.org")
                .body(Map.of("type", "echo", "input", Map.of("a", 1)))
                .when().post("/api/jobs")
                .then().statusCode(202)
                .header("Location", both(startsWith("http://")).and(not(containsString("evil.example.org"))))
                .header("Operation-Location", both(startsWith("http://")).and(not(containsString("evil.example.org"))));
    }
}
