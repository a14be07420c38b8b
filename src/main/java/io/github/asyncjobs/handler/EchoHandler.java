package io.github.asyncjobs.handler;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.github.asyncjobs.job.spi.JobContext;
import io.github.asyncjobs.job.spi.JobHandler;
import io.quarkus.arc.lookup.LookupIfProperty;

/**
 * {@code echo}: the result is the input object, unchanged. Useful to try the service and to measure its overhead; off
 * unless {@code jobs.echo.enabled} (on in dev and test), since it would host any file for anyone.
 */
@ApplicationScoped
@LookupIfProperty(name = "jobs.echo.enabled", stringValue = "true")
public class EchoHandler implements JobHandler<ObjectNode> {

    @Override
    public String type() {
        return "echo";
    }

    @Override
    public Class<ObjectNode> inputType() {
        return ObjectNode.class;
    }

    @Override
    public Object handle(ObjectNode input, JobContext context) {
        return input;
    }
}
