package io.github.asyncjobs.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.github.asyncjobs.config.JobsConfig;
import io.github.asyncjobs.testing.EmbeddedQueueRows;
import io.github.asyncjobs.testing.Jobs;
import io.github.asyncjobs.testing.Metrics;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** notBefore: a job that starts later, on the embedded queue here (Service Bus: ServiceBusQueueTest, restarts: RestartIT). */
@QuarkusTest
class JobSchedulingTest {

    @Inject
    JobsConfig config;

    @Inject
    io.agroal.api.AgroalDataSource database;

    @Test
    void aScheduledJobWaitsNotStartedUntilItsTimeThenRuns() {
        var notBefore = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.MILLIS);
        var id = submit(notBefore.toString());
        var monitor = Jobs.monitor(id).then().statusCode(200).body("status", equalTo("NotStarted"))
                .body("notBefore", equalTo(notBefore.toString())).extract();
        // Retry-After points at the start, within the usual bounds.
        int retryAfter = Integer.parseInt(monitor.header("Retry-After"));
        assertThat(retryAfter).isBetween(1, (int) config.api().maxRetryAfter().toSeconds());

        Jobs.awaitStatus(id, "Succeeded");
        var finished = Instant.parse(Jobs.monitor(id).then().extract().path("lastUpdatedDateTime"));
        assertThat(finished).as("finished no earlier than notBefore").isAfterOrEqualTo(notBefore);
    }

    @Test
    void aPastInstantMeansNowAndAnOffsetIsTakenAsWritten() {
        var id = submit("2020-01-01T00:00:00+02:00");
        Jobs.awaitStatus(id, "Succeeded");
        Jobs.monitor(id).then().body("notBefore", nullValue());

        var later = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
        var inParis = later.atOffset(java.time.ZoneOffset.ofHours(1)).toString();
        var scheduled = submit(inParis);
        Jobs.monitor(scheduled).then().body("notBefore", equalTo(later.toString())).header("Retry-After",
                equalTo(String.valueOf(config.api().maxRetryAfter().toSeconds())));
        given().post("/api/jobs/" + scheduled + ":cancel").then().statusCode(200).body("status", equalTo("Canceled"));
    }

    @Test
    void aBadOrTooDistantNotBeforeIs400AtItsPointerAndMakesNoJob() {
        long accepted = Metrics.sum("jobs_accepted_total{");
        for (Object bad : new Object[] {"tomorrow", "2026-12-08T09:00:00", 1765000000, Instant.now().plus(config.scheduling().maxDelay())
                .plusSeconds(60).toString()}) {
            given().contentType(ContentType.JSON).body(Map.of("type", "echo", "input", Map.of(), "notBefore", bad))
                    .post("/api/jobs").then().statusCode(400).contentType("application/problem+json")
                    .body("errors[0].pointer", equalTo("/notBefore"));
        }
        given().contentType(ContentType.JSON).body(Map.of("type", "echo", "input", Map.of(), "notBefore",
                Instant.now().plus(Duration.ofDays(30)).toString())).post("/api/jobs").then().statusCode(400)
                .body("errors[0].message", containsString("jobs.scheduling.max-delay"));
        assertThat(Metrics.sum("jobs_accepted_total{")).isEqualTo(accepted);
    }

    /** Canceled while it waits: its message is delivered at its time and finds the job canceled; it never runs. */
    @Test
    void aScheduledJobCanceledBeforeItsTimeNeverRuns() throws java.sql.SQLException {
        var notBefore = Instant.now().plusSeconds(2);
        var id = submit(notBefore.toString());
        given().delete("/api/jobs/" + id).then().statusCode(200).body("status", equalTo("Canceled"));
        // Its message waits in the queue until its time, then finds the job canceled and is completed.
        assertThat(queued(id)).isTrue();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !queued(id));
        assertThat(Jobs.status(id)).isEqualTo("Canceled");
        assertThat(config.storage().local().dataDir().resolve("results/echo/" + id)).doesNotExist();
    }

    private boolean queued(String id) throws java.sql.SQLException {
        return EmbeddedQueueRows.queued(database, id);
    }

    private static String submit(String notBefore) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("type", "echo", "input", Map.of("scheduled", true), "notBefore", notBefore))
                .post("/api/jobs").then().statusCode(202).extract().path("id");
    }
}
