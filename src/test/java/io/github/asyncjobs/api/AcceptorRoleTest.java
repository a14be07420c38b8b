package io.github.asyncjobs.api;

import static io.github.asyncjobs.testing.Management.management;
import static io.restassured.RestAssured.given;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** A worker-only instance (acceptor role off) serves no jobs API, but still health and metrics. */
@QuarkusTest
@TestProfile(AcceptorRoleTest.WorkerOnly.class)
class AcceptorRoleTest {

    public static class WorkerOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("jobs.acceptor.enabled", "false");
        }
    }

    @Test
    void servesNoApiButHealthAndMetrics() {
        given().contentType(ContentType.JSON).body(Map.of("type", "echo", "input", Map.of()))
                .when().post("/api/jobs")
                .then().statusCode(404).contentType("application/problem+json");
        management().get("/q/health/ready").then().statusCode(200);
        management().get("/q/metrics").then().statusCode(200);
    }
}
