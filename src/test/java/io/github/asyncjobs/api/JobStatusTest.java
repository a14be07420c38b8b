package io.github.asyncjobs.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.github.asyncjobs.testing.Jobs;
import io.github.asyncjobs.testing.TestGates;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.RedirectConfig;

/** GET /api/jobs/{id} (the monitor) and GET /api/jobs/{id}/status (redirect style) through a job's life. */
@QuarkusTest
class JobStatusTest {

    private static final RedirectConfig NO_REDIRECTS = RedirectConfig.redirectConfig().followRedirects(false);

    @Test
    void whileRunningTheMonitorIs200WithRetryAfterAndProgress() {
        var gate = TestGates.newGate();
        var id = Jobs.submit("test-gated", Map.of("gate", gate));
        Jobs.awaitStatus(id, "Running");
        given().get("/api/jobs/" + id)
                .then().statusCode(200)
                .header("Retry-After", matchesPattern("[1-9][0-9]*"))
                .header("Cache-Control", "no-store")
                .body("id", equalTo(id))
                .body("status", equalTo("Running"))
                .body("percentComplete", equalTo(50))
                .body("resourceLocation", nullValue());
        given().config(RestAssured.config().redirect(NO_REDIRECTS)).get("/api/jobs/" + id + "/status")
                .then().statusCode(202)
                .header("Retry-After", matchesPattern("[1-9][0-9]*"))
                .header("Location", endsWith("/api/jobs/" + id + "/status"))
                .header("Cache-Control", "no-store")
                .body("status", equalTo("Running"));
        TestGates.open(gate);
        Jobs.awaitStatus(id, "Succeeded");
    }

    @Test
    void whenSucceededTheStatusRedirectsWith303ToTheResult() {
        var id = Jobs.submit("echo", Map.of("id", "1234", "customername", "Contoso"));
        Jobs.awaitStatus(id, "Succeeded");

        var monitor = given().get("/api/jobs/" + id)
                .then().statusCode(200)
                .header("Retry-After", nullValue())
                .header("Cache-Control", "no-store")
                .body("percentComplete", equalTo(100))
                .body("resourceLocation", notNullValue())
                .extract();
        var redirect = given().config(RestAssured.config().redirect(NO_REDIRECTS)).get("/api/jobs/" + id + "/status")
                .then().statusCode(303)
                .header("Cache-Control", "no-store")
                .extract();
        var location = redirect.header("Location");
        assertThat(location).startsWith("http://localhost:");
        assertThat(monitor.<String> path("resourceLocation")).startsWith("http://localhost:");

        given().urlEncodingEnabled(false).get(location)
                .then().statusCode(200)
                .contentType("application/json")
                .header("Content-Disposition", "attachment; filename=\"" + id + ".json\"")
                .body("id", equalTo("1234"))
                .body("customername", equalTo("Contoso"));
    }

    @Test
    void whenFailedTheStatusIs200WithTheError() {
        var id = Jobs.submit("test-flaky", Map.of("failures", 0, "permanent", true));
        Jobs.awaitStatus(id, "Failed");
        given().get("/api/jobs/" + id + "/status")
                .then().statusCode(200)
                .header("Retry-After", nullValue())
                .header("Cache-Control", "no-store")
                .body("status", equalTo("Failed"))
                .body("error.code", equalTo("BadData"))
                .body("error.message", equalTo("This input can never succeed"))
                .body("resourceLocation", nullValue());
    }

    @Test
    void unknownOrMalformedIdsAre404Problems() {
        for (var path : new String[] { "/api/jobs/" + UUID.randomUUID(), "/api/jobs/" + UUID.randomUUID() + "/status",
                "/api/jobs/not-a-uuid", "/api/jobs/not-a-uuid/status" }) {
            given().get(path)
                    .then().statusCode(404)
                    .contentType("application/problem+json")
                    .body("type", equalTo("urn:async-jobs:problem:not-found"));
        }
    }
}
