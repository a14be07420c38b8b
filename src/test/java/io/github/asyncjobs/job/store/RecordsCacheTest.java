package io.github.asyncjobs.job.store;

import static io.github.asyncjobs.testing.Management.management;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.github.asyncjobs.testing.Jobs;
import io.quarkus.test.junit.QuarkusTest;

/** A finished job's record never changes: polling it again and again costs no store read (counted by the store metrics). */
@QuarkusTest
class RecordsCacheTest {

    private static final Pattern FINDS = Pattern.compile(
            "jobs_dependency_duration_seconds_count\\{dependency=\"store\",operation=\"record.find\",outcome=\"success\"[^}]*} ([0-9.]+)");

    @Test
    void pollingAFinishedJobReadsTheStoreNoMore() {
        var id = Jobs.submit("echo", Map.of("n", 7));
        Jobs.awaitStatus(id, "Succeeded");
        given().get("/api/jobs/" + id).then().statusCode(200);
        double before = finds();
        assertThat(before).as("the store metric is there to count reads").isPositive();
        for (int i = 0; i < 20; i++) {
            given().get("/api/jobs/" + id).then().statusCode(200);
            given().redirects().follow(false).get("/api/jobs/" + id + "/status").then().statusCode(303);
        }
        assertThat(finds()).isEqualTo(before);
    }

    private static double finds() {
        var matcher = FINDS.matcher(management().get("/q/metrics").asString());
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }
}
