package io.github.asyncjobs.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.startsWith;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.asyncjobs.testing.Jobs;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** With jobs.api.public-base-url set, every absolute URL starts with it, whatever the request says. */
@QuarkusTest
@TestProfile(PublicBaseUrlTest.BehindGateway.class)
class PublicBaseUrlTest {

    public static class BehindGateway implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("jobs.api.public-base-url", "https://api.example.com/async");
        }
    }

    @Test
    void absoluteUrlsUseTheConfiguredBase() {
        String id = given().contentType(ContentType.JSON).header("X-Forwarded-Host", "ignored.example.org")
                .body(Map.of("type", "echo", "input", Map.of("a", 1)))
                .when().post("/api/jobs")
                .then().statusCode(202)
                .header("Location", startsWith("https://api.example.com/async/api/jobs/"))
                .header("Operation-Location", startsWith("https://api.example.com/async/api/jobs/"))
                .extract().path("id");
        Jobs.awaitStatus(id, "Succeeded");
        assertThat(Jobs.monitor(id).then().extract().<String> path("resourceLocation"))
                .startsWith("https://api.example.com/async/api/results/echo/" + id + "?");
    }
}
