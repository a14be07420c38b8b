package io.github.asyncjobs.telemetry;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.github.asyncjobs.testing.Jobs;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Every line the service logs about a job carries the job id and the job's trace id, whatever thread logs it. */
@QuarkusTest
class JobLogLinesTest {

    private static final String TRACE_ID = "5bf92f3577b34da6a3ce929d0e0e4736";

    private final List<ExtLogRecord> lines = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            var line = (ExtLogRecord) record;
            line.copyMdc();
            lines.add(line);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() {
        Logger.getLogger("io.github.asyncjobs").addHandler(capture);
    }

    @AfterEach
    void stopListening() {
        Logger.getLogger("io.github.asyncjobs").removeHandler(capture);
    }

    @Test
    void linesAboutAJobCarryItsIdAndTraceId() {
        String id = given().contentType(ContentType.JSON).header("traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01")
                .body(Map.of("type", "test-flaky", "input", Map.of("failures", 1)))
                .post("/api/jobs").then().statusCode(202).extract().path("id");
        Jobs.awaitStatus(id, "Succeeded");
        await().until(() -> aboutJob(id).stream().anyMatch(line -> line.getFormattedMessage().contains("will retry")));
        assertThat(aboutJob(id)).isNotEmpty().allSatisfy(line -> {
            assertThat(line.getMdc(JobLogContext.JOB_ID)).as(line.getFormattedMessage()).isEqualTo(id);
            assertThat(line.getMdc("traceId")).as(line.getFormattedMessage()).isEqualTo(TRACE_ID);
        });
    }

    private List<ExtLogRecord> aboutJob(String id) {
        return lines.stream().filter(line -> line.getFormattedMessage() != null && line.getFormattedMessage().contains(id)).toList();
    }
}
