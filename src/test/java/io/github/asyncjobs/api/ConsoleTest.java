package io.github.asyncjobs.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** The console's files and what the service sends with them (the browser flow itself: ConsoleIT). */
@QuarkusTest
class ConsoleTest {

    @Test
    void theConsoleIsServedWithAPolicyThatAllowsOnlyItsOwnOrigin() {
        given().get("/console/").then().statusCode(200)
                .contentType(containsString("text/html"))
                .header("Content-Security-Policy", containsString("default-src 'self'"))
                .header("Content-Security-Policy", containsString("script-src 'self'"))
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .header("Content-Security-Policy", containsString("connect-src 'self';"))
                .header("X-Content-Type-Options", "nosniff")
                .header("Cache-Control", containsString("max-age=300"))
                .body(containsString("console.js"));
        given().get("/console/console.js").then().statusCode(200).header("Content-Security-Policy", containsString("'self'"));
    }

    @Test
    void anOpenServicesConsoleNeedsNoSignInAndItsSignInLibraryIsBundled() {
        given().get("/console/settings.json").then().statusCode(200)
                .body("signInRequired", equalTo(false)).body("signIn", nullValue());
        given().get("/console/vendor/msal-browser.min.js").then().statusCode(200)
                .contentType(containsString("javascript")).body(containsString("PublicClientApplication"));
    }

    @Test
    void theJobTypesAreListedForTheTypePicker() {
        given().get("/api/job-types").then().statusCode(200).body("value", hasItems("echo", "sales-report"));
    }
}
