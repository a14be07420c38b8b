package io.github.asyncjobs.testing;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;

import io.github.asyncjobs.job.spi.JobContext;
import io.github.asyncjobs.job.spi.JobHandler;

/**
 * Test job type {@code test-progress}: reports progress, a stage and a custom status {@code reports} times as fast as
 * it can, then waits for its gate.
 */
@ApplicationScoped
public class ProgressHandler implements JobHandler<ProgressHandler.Input> {

    private static final Map<UUID, Duration> REPORTING = new ConcurrentHashMap<>();

    public record Input(@NotBlank String gate, @Positive int reports) {
    }

    /** How long the job's reports took, once they are done. */
    public static Duration reporting(UUID jobId) {
        return REPORTING.get(jobId);
    }

    @Override
    public String type() {
        return "test-progress";
    }

    @Override
    public Class<Input> inputType() {
        return Input.class;
    }

    @Override
    public Object handle(Input input, JobContext context) throws Exception {
        long start = System.nanoTime();
        for (int i = 1; i <= input.reports(); i++) {
            context.reportProgress(i * 99 / input.reports(), "step " + i);
            context.setCustomStatus(Map.of("step", i, "of", input.reports()));
        }
        REPORTING.put(context.jobId(), Duration.ofNanos(System.nanoTime() - start));
        TestGates.await(input.gate());
        return Map.of("reports", input.reports());
    }
}
