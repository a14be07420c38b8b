package io.github.asyncjobs.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.RedirectConfig;
import io.restassured.http.ContentType;

/** The README walk-through as a client does it: POST, poll the Location until 303, download. Runs packaged as JobFlowIT. */
@QuarkusTest
public class JobFlowTest {

    @Test
    void postPollFollowTheRedirectAndDownload() {
        var accepted = given().contentType(ContentType.JSON)
                .body("{\"type\": \"echo\", \"input\": {\"id\": \"1234\", \"customername\": \"Contoso\"}}")
                .when().post("/api/jobs")
                .then().statusCode(202).extract();
        var statusUrl = accepted.header("Location");
        var noRedirects = RestAssured.config().redirect(RedirectConfig.redirectConfig().followRedirects(false));

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> given().config(noRedirects).get(statusUrl).statusCode() == 303);
        var resultUrl = given().config(noRedirects).get(statusUrl).header("Location");

        given().urlEncodingEnabled(false).get(resultUrl)
                .then().statusCode(200)
                .contentType(ContentType.JSON)
                .body("id", equalTo("1234"))
                .body("customername", equalTo("Contoso"));
    }
}
