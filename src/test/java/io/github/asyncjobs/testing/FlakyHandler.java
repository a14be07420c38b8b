package io.github.asyncjobs.testing;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.constraints.PositiveOrZero;

import io.github.asyncjobs.job.spi.JobContext;
import io.github.asyncjobs.job.spi.JobFailedException;
import io.github.asyncjobs.job.spi.JobHandler;
import io.quarkus.logging.Log;

/**
 * Test job type {@code test-flaky}: throws on its first {@code failures} runs, then succeeds with the
 * number of runs; {@code permanent: true} fails the job at once instead.
 */
@ApplicationScoped
public class FlakyHandler implements JobHandler<FlakyHandler.Input> {

    private static final Map<UUID, AtomicInteger> RUNS = new ConcurrentHashMap<>();

    public record Input(@PositiveOrZero int failures, boolean permanent) {
    }

    public static int runs(UUID jobId) {
        return RUNS.getOrDefault(jobId, new AtomicInteger()).get();
    }

    @Override
    public String type() {
        return "test-flaky";
    }

    @Override
    public Class<Input> inputType() {
        return Input.class;
    }

    @Override
    public Object handle(Input input, JobContext context) {
        int run = RUNS.computeIfAbsent(context.jobId(), id -> new AtomicInteger()).incrementAndGet();
        if (input.permanent()) {
            throw new JobFailedException("BadData", "This input can never succeed");
        }
        if (run <= input.failures()) {
            // A line about the job that does not name it: the log context must still say which job it is.
            Log.infof("Failing on purpose, run %d of %d", run, input.failures());
            throw new IllegalStateException("planned failure " + run + " of " + input.failures());
        }
        return Map.of("runs", run, "attempt", context.attempt());
    }
}
