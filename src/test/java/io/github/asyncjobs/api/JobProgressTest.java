package io.github.asyncjobs.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.github.asyncjobs.config.JobsConfig;
import io.github.asyncjobs.testing.Jobs;
import io.github.asyncjobs.testing.ProgressHandler;
import io.github.asyncjobs.testing.TestGates;
import io.github.asyncjobs.testing.telemetry.InMemorySpans;
import io.quarkus.test.junit.QuarkusTest;

/** percentComplete, stage and customStatus in the monitor, written at most once per progress interval. */
@QuarkusTest
class JobProgressTest {

    @Inject
    JobsConfig config;

    @Test
    void aChattyHandlersLatestReportIsShownAndItsReportsCostAWriteAnInterval() {
        var gate = TestGates.newGate();
        var id = Jobs.submit("test-progress", Map.of("gate", gate, "reports", 20_000));

        // The last report is written by the processor within an interval of it, though the handler is silent since.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> Jobs.monitor(id).then()
                .body("status", equalTo("Running"))
                .body("percentComplete", equalTo(99))
                .body("stage", equalTo("step 20000"))
                .body("customStatus.step", equalTo(20_000))
                .body("customStatus.of", equalTo(20_000)));
        var reporting = ProgressHandler.reporting(UUID.fromString(id));
        long intervals = reporting.toNanos() / config.processor().progressInterval().toNanos();
        // Running (1), the first report at once (1), one per interval the reports took, the last one after them (1).
        await().atMost(Duration.ofSeconds(10)).until(() -> !InMemorySpans.ofJob("store record.update", id).isEmpty());
        assertThat(InMemorySpans.ofJob("store record.update", id)).as("store writes for 40,000 reports in %s", reporting)
                .hasSizeBetween(2, (int) (3 + intervals + 1));

        TestGates.open(gate);
        Jobs.awaitStatus(id, "Succeeded");
        Jobs.monitor(id).then().body("percentComplete", equalTo(100)).body("stage", equalTo("step 20000"))
                .body("customStatus.step", equalTo(20_000));
    }
}
