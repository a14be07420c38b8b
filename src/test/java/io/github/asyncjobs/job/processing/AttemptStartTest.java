package io.github.asyncjobs.job.processing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.github.asyncjobs.config.JobsConfig;
import io.github.asyncjobs.job.store.JobRecords;
import io.github.asyncjobs.testing.EmbeddedQueueRows;
import io.github.asyncjobs.testing.Jobs;
import io.github.asyncjobs.testing.TestGates;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A job's first attempt whose start is not written yet ({@code jobs.processor.start-write-delay}): its record still says
 * {@code NotStarted}, which is not taken for a cancel; a cancel meanwhile stops it as one of a running job.
 */
@QuarkusTest
class AttemptStartTest {

    @Inject
    JobsConfig config;

    @Inject
    JobRecords records;

    @Inject
    AgroalDataSource database;

    @Test
    void anAttemptWhoseStartIsNotWrittenYetRunsOnAndItsStartIsWrittenWhenDue() {
        var gate = TestGates.newGate();
        var id = Jobs.submit("test-gated", Map.of("gate", gate, "quiet", true));
        await().until(() -> TestGates.reached(gate));

        Jobs.awaitStatus(id, "Running");
        assertThat(records.find(UUID.fromString(id)).orElseThrow().attempts()).isEqualTo(1);
        TestGates.open(gate);
        Jobs.awaitStatus(id, "Succeeded");
        assertThat(TestGates.interrupted(gate)).as("interrupted as if canceled").isFalse();
        assertThat(records.find(UUID.fromString(id)).orElseThrow().attempts()).isEqualTo(1);
    }

    @Test
    void aJobCanceledBeforeItsStartIsWrittenStopsAndPublishesNoResult() {
        var gate = TestGates.newGate();
        var id = Jobs.submit("test-gated", Map.of("gate", gate, "quiet", true));
        await().until(() -> TestGates.reached(gate));
        given().delete("/api/jobs/" + id).then().statusCode(200).body("status", equalTo("Canceled"));

        await().until(() -> TestGates.interrupted(gate));
        await().until(() -> !queued(id));
        assertThat(Jobs.status(id)).isEqualTo("Canceled");
        assertThat(config.storage().local().dataDir().resolve("results/test-gated/" + id)).doesNotExist();
    }

    private boolean queued(String id) throws SQLException {
        return EmbeddedQueueRows.queued(database, id);
    }
}
