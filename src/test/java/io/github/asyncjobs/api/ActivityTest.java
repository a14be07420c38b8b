package io.github.asyncjobs.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.asyncjobs.testing.Jobs;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** The service's last hour as GET /api/activity shows it (the console's operations view), on an open service. */
@QuarkusTest
class ActivityTest {

    @Test
    void countsAcceptsEndsAndFailuresByCodeAMinuteAtATime() {
        var before = activity();
        var succeeded = Jobs.submit("echo", Map.of("n", 1));
        var failed = Jobs.submit("test-flaky", Map.of("permanent", true));
        Jobs.awaitStatus(succeeded, "Succeeded");
        Jobs.awaitStatus(failed, "Failed");

        var after = activity();
        assertThat(after.getLong("lastHour.accepted") - before.getLong("lastHour.accepted")).isGreaterThanOrEqualTo(2);
        assertThat(after.getLong("lastHour.succeeded") - before.getLong("lastHour.succeeded")).isGreaterThanOrEqualTo(1);
        assertThat(after.getLong("lastHour.failed") - before.getLong("lastHour.failed")).isGreaterThanOrEqualTo(1);
        assertThat(after.getList("failuresByCode.code", String.class)).contains("BadData");
        List<Map<String, Object>> minutes = after.getList("minutes");
        assertThat(minutes).hasSize(60);
        var starts = minutes.stream().map(minute -> Instant.parse((String) minute.get("start"))).toList();
        assertThat(starts).isSorted().allSatisfy(start -> assertThat(start.getEpochSecond() % 60).isZero());
        assertThat(Duration.between(starts.get(59), Instant.now())).isLessThan(Duration.ofMinutes(2));
        assertThat(minutes.stream().skip(58)).as("the last two minutes: the jobs just run, and their latency")
                .anySatisfy(minute -> {
                    assertThat((Number) minute.get("acceptsPerSecond")).matches(rate -> rate.doubleValue() > 0);
                    assertThat((Number) minute.get("completionsPerSecond")).matches(rate -> rate.doubleValue() > 0);
                    assertThat(minute.get("latencyP50Seconds")).isNotNull();
                    assertThat(minute.get("latencyP99Seconds")).isNotNull();
                });
    }

    @Test
    void showsTheBacklogAsSampled() {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/api/activity").then().statusCode(200)
                .header("Cache-Control", "no-store")
                .body("backlog.unfinished", notNullValue())
                // Every job of this test run is younger than a day; none unfinished is an age of 0, not the epoch's.
                .body("backlog.oldestUnfinishedAgeSeconds", lessThan(86_400f))
                .body("backlog.queueDepth", notNullValue())
                .body("instances", equalTo(1))
                .body("minutes", hasSize(60)));
    }

    private static JsonPath activity() {
        return given().get("/api/activity").then().statusCode(200).extract().jsonPath();
    }
}
