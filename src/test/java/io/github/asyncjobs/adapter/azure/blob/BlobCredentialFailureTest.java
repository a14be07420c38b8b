package io.github.asyncjobs.adapter.azure.blob;

import static io.github.asyncjobs.testing.Management.management;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.asyncjobs.testing.azure.AzuriteResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** When the identity cannot get a token, the service is not ready and refuses jobs with 503, not a stack trace. */
@QuarkusTest
@TestProfile(BlobCredentialFailureTest.NoIdentity.class)
class BlobCredentialFailureTest {

    public static class NoIdentity implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("test.azure.credential.fail", "true");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(AzuriteResource.class));
        }
    }

    @Test
    void isNotReadyAndAnswers503() {
        management().get("/q/health/ready")
                .then().statusCode(503)
                .body("checks.find { it.name == 'job-store' }.status", equalTo("DOWN"));
        given().contentType(ContentType.JSON).body(Map.of("type", "echo", "input", Map.of("n", 1)))
                .post("/api/jobs")
                .then().statusCode(503)
                .contentType("application/problem+json")
                // The credential's failure is for the log; the client gets the stable sentence.
                .body("detail", equalTo("The job store is unavailable. Nothing was changed; retry after the time in Retry-After."))
                .body("detail", not(containsString("identity")));
    }
}
