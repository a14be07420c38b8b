package io.github.asyncjobs.testing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.constraints.NotBlank;

import io.github.asyncjobs.job.spi.JobContext;
import io.github.asyncjobs.job.spi.JobHandler;

/** Test job type {@code test-gated}: reports 50 %, waits for its gate, then reports again (which notices a cancel). */
@ApplicationScoped
public class GatedHandler implements JobHandler<GatedHandler.Input> {

    public record Input(@NotBlank String gate) {
    }

    @Override
    public String type() {
        return "test-gated";
    }

    @Override
    public Class<Input> inputType() {
        return Input.class;
    }

    @Override
    public String mediaType() {
        return "text/plain";
    }

    @Override
    public Object handle(Input input, JobContext context) throws Exception {
        context.reportProgress(50);
        TestGates.await(input.gate());
        context.reportProgress(90);
        return "opened " + input.gate();
    }
}
