package io.github.asyncjobs.telemetry;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.Map;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.github.asyncjobs.testing.Jobs;
import io.github.asyncjobs.testing.LogCapture;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Every line the service logs about a job carries the job id and the job's trace id, whatever thread logs it. */
@QuarkusTest
class JobLogLinesTest {

    private static final String TRACE_ID = "5bf92f3577b34da6a3ce929d0e0e4736";

    private LogCapture log;

    @BeforeEach
    void listen() {
        log = LogCapture.service();
    }

    @AfterEach
    void stopListening() {
        log.close();
    }

    @Test
    void linesAboutAJobCarryItsIdAndTraceId() {
        String id = given().contentType(ContentType.JSON).header("traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01")
                .body(Map.of("type", "test-flaky", "input", Map.of("failures", 1)))
                .post("/api/jobs").then().statusCode(202).extract().path("id");
        Jobs.awaitStatus(id, "Succeeded");
        await().until(() -> aboutJob(id).stream().anyMatch(line -> line.getFormattedMessage().contains("will retry")));
        // Lines that do not name the job (the handler's own) are about it too: found by the trace they belong to.
        assertThat(aboutJob(id)).anySatisfy(line -> assertThat(line.getFormattedMessage()).startsWith("Failing on purpose")
                .doesNotContain(id));
        assertThat(aboutJob(id)).allSatisfy(line -> {
            assertThat(line.getMdc(JobLogContext.JOB_ID)).as(line.getFormattedMessage()).isEqualTo(id);
            assertThat(line.getMdc("traceId")).as(line.getFormattedMessage()).isEqualTo(TRACE_ID);
        });
    }

    /** Lines that name the job, carry its id in their context, or belong to its trace. */
    private List<ExtLogRecord> aboutJob(String id) {
        return log.lines().stream().filter(line -> line.getFormattedMessage() != null && line.getFormattedMessage().contains(id)
                || id.equals(line.getMdc(JobLogContext.JOB_ID)) || TRACE_ID.equals(line.getMdc("traceId"))).toList();
    }
}
