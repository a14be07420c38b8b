package io.github.asyncjobs.api;

import static io.github.asyncjobs.testing.Management.management;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.github.asyncjobs.testing.Jobs;
import io.github.asyncjobs.testing.Management;
import io.github.asyncjobs.testing.Metrics;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/** Health, metrics and API description endpoints. */
@QuarkusTest
class OperationsTest {

    @Test
    void isLiveAndReadyWhenQueueAndStoreAnswer() {
        management().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        management().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("job-store"))
                .body("checks.name", hasItem("SmallRye Reactive Messaging - readiness check"));
    }

    /** Each series moves by what one job did (series made by earlier tests would satisfy a look for their names). */
    @Test
    void exportsJobMetricsForPrometheus() {
        var series = List.of("jobs_accepted_total{type=\"echo\"}", "jobs_completed_total{status=\"Succeeded\",type=\"echo\"}",
                "jobs_processing_duration_seconds_count{type=\"echo\"}", "jobs_queue_wait_seconds_count{type=\"echo\"}",
                "jobs_attempts_total{outcome=\"succeeded\",type=\"echo\"}", "jobs_result_urls_signed_total{type=\"echo\"}",
                "jobs_dependency_duration_seconds_count{dependency=\"queue\",operation=\"send\",outcome=\"success\"}");
        var before = series.stream().map(Metrics::sum).toList();
        var updates = Metrics.sum("jobs_dependency_duration_seconds_count{dependency=\"store\",operation=\"record.update\",outcome=\"success\"}");
        var id = Jobs.submit("echo", Map.of("metrics", true));
        Jobs.awaitStatus(id, "Succeeded");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            for (int i = 0; i < series.size(); i++) {
                assertThat(Metrics.sum(series.get(i))).as(series.get(i)).isEqualTo(before.get(i) + 1);
            }
            // Running, then Succeeded.
            assertThat(Metrics.sum("jobs_dependency_duration_seconds_count{dependency=\"store\",operation=\"record.update\",outcome=\"success\"}"))
                    .isGreaterThanOrEqualTo(updates + 2);
        });
    }

    @Test
    void countsRetriesAndSamplesTheBacklog() {
        long retries = Metrics.sum("jobs_retries_total{type=\"test-flaky\"}");
        long retryAttempts = Metrics.sum("jobs_attempts_total{outcome=\"retry\",type=\"test-flaky\"}");
        var id = Jobs.submit("test-flaky", Map.of("failures", 1));
        Jobs.awaitStatus(id, "Succeeded");
        assertThat(Metrics.sum("jobs_retries_total{type=\"test-flaky\"}")).isEqualTo(retries + 1);
        assertThat(Metrics.sum("jobs_attempts_total{outcome=\"retry\",type=\"test-flaky\"}")).isEqualTo(retryAttempts + 1);
        // Sampled on a timer: numbers (not NaN) once the first sample is in, and nothing left waiting.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> management().get("/q/metrics").then()
                .body(matchesPattern("(?s).*\njobs_queue_depth [0-9.E]+\n.*"))
                .body(matchesPattern("(?s).*\njobs_unfinished [0-9.E]+\n.*"))
                .body(matchesPattern("(?s).*\njobs_unfinished_oldest_age_seconds [0-9.E]+\n.*")));
    }

    @Test
    void managementEndpointsAreServedOnTheirOwnPortOnly() {
        assertThat(Management.port()).isNotEqualTo(RestAssured.port);
        for (var path : new String[] { "/q/health/ready", "/q/health/live", "/q/metrics", "/q/openapi", "/q/swagger-ui/" }) {
            given().get(path).then().statusCode(404);
        }
        management().get("/api/jobs/" + UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void describesTheApiWithOpenApiAndSwaggerUi() {
        management().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths.'/api/jobs'.post", notNullValue())
                .body("paths.'/api/jobs/{id}/status'.get", notNullValue())
                .body("components.securitySchemes.entra-id.scheme", equalTo("bearer"))
                .body("paths.'/api/jobs'.post.security[0]", org.hamcrest.Matchers.hasKey("entra-id"))
                .body("components.schemas.JobSubmission.properties", org.hamcrest.Matchers.hasKey("notBefore"))
                .body("components.schemas.JobSubmission.properties", org.hamcrest.Matchers.hasKey("tags"))
                .body("components.schemas.JobMonitor.properties", org.hamcrest.Matchers.hasKey("customStatus"))
                .body("components.schemas.JobMonitor.properties", org.hamcrest.Matchers.hasKey("rerunOf"))
                .body("paths.'/api/jobs/{idAndAction}'.post.summary", org.hamcrest.Matchers.containsString(":rerun"))
                .body("paths.'/api/jobs/{id}'.get.parameters.name", org.hamcrest.Matchers.hasItem("Prefer"));
        management().get("/q/swagger-ui/").then().statusCode(200);
    }
}
