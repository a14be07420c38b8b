package io.github.asyncjobs.job;

import static io.github.asyncjobs.job.JobStatus.Canceled;
import static io.github.asyncjobs.job.JobStatus.Failed;
import static io.github.asyncjobs.job.JobStatus.NotStarted;
import static io.github.asyncjobs.job.JobStatus.Running;
import static io.github.asyncjobs.job.JobStatus.Succeeded;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JobStatusTransitionsTest {

    @Test
    void statusOnlyMovesForward() {
        assertThat(NotStarted.canMoveTo(Running)).isTrue();
        assertThat(NotStarted.canMoveTo(Canceled)).isTrue();
        assertThat(NotStarted.canMoveTo(Failed)).isTrue();
        assertThat(Running.canMoveTo(Running)).as("a new attempt or progress").isTrue();
        assertThat(Running.canMoveTo(Succeeded)).isTrue();
        assertThat(Running.canMoveTo(Canceled)).isTrue();
        assertThat(Running.canMoveTo(NotStarted)).isFalse();
        assertThat(NotStarted.canMoveTo(NotStarted)).isFalse();
    }

    @Test
    void terminalStatesNeverChange() {
        for (var terminal : new JobStatus[] { Succeeded, Failed, Canceled }) {
            for (var next : JobStatus.values()) {
                assertThat(terminal.canMoveTo(next)).as(terminal + " -> " + next).isFalse();
            }
        }
    }
}
