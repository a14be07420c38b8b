package io.github.asyncjobs.job.processing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import static io.restassured.RestAssured.given;

import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.github.asyncjobs.job.store.JobRecords;
import io.github.asyncjobs.testing.FlakyHandler;
import io.github.asyncjobs.testing.Jobs;
import io.quarkus.test.junit.QuarkusTest;

/** Handler failures: retried with back-off, then Failed; or Failed at once when the handler says so. */
@QuarkusTest
class RetryTest {

    @Inject
    JobRecords records;

    @Test
    void aFailingHandlerIsRetriedUntilItSucceeds() {
        var id = Jobs.submit("test-flaky", Map.of("failures", 2));
        Jobs.awaitStatus(id, "Succeeded");
        assertThat(FlakyHandler.runs(UUID.fromString(id))).isEqualTo(3);
        var result = given().urlEncodingEnabled(false).get(Jobs.monitor(id).then().extract().<String> path("resourceLocation"))
                .then().statusCode(200).extract();
        assertThat(result.<Integer> path("runs")).isEqualTo(3);
        assertThat(result.<Integer> path("attempt")).isEqualTo(3);
    }

    @Test
    void aHandlerThatKeepsFailingEndsFailedAfterTheConfiguredAttempts() {
        var id = Jobs.submit("test-flaky", Map.of("failures", 1000));
        Jobs.awaitStatus(id, "Failed");
        Jobs.monitor(id).then()
                .body("error.code", equalTo("AttemptsExhausted"))
                .body("error.message", containsString("failed 5 times"))
                .body("error.message", containsString("IllegalStateException"))
                // The handler's exception text may name files or hosts: it goes to the log, never to the client.
                .body("error.message", not(containsString("planned failure")));
        assertThat(FlakyHandler.runs(UUID.fromString(id))).isEqualTo(5);
    }

    @Test
    void aPermanentFailureFailsTheJobAtOnceAndKeepsItsInputForResubmission() {
        var id = Jobs.submit("test-flaky", Map.of("failures", 3, "permanent", true));
        Jobs.awaitStatus(id, "Failed");
        Jobs.monitor(id).then().body("error.code", equalTo("BadData")).body("input", nullValue());
        assertThat(FlakyHandler.runs(UUID.fromString(id))).isEqualTo(1);
        // The embedded queue completed the message; the input lives on with the record, for an operator to resubmit.
        assertThat(records.find(UUID.fromString(id)).orElseThrow().input().path("failures").asInt()).isEqualTo(3);
    }
}
