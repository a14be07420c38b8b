package io.github.asyncjobs.testing.telemetry;

import java.util.List;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.github.asyncjobs.telemetry.SpanAttributes;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;

/** Every span the running service under test finished, kept in memory (an exporter bean, as Quarkus takes any). */
public class InMemorySpans {

    private static volatile InMemorySpanExporter current;

    /** One per application start: an exporter is shut down with the application that used it. */
    @Produces
    @Singleton
    InMemorySpanExporter exporter() {
        current = InMemorySpanExporter.create();
        return current;
    }

    /** The finished spans named {@code name} about one job (attribute {@code job.id}). */
    public static List<SpanData> ofJob(String name, String jobId) {
        return current.getFinishedSpanItems().stream()
                .filter(span -> span.getName().equals(name) && jobId.equals(span.getAttributes().get(SpanAttributes.JOB_ID))).toList();
    }

    /** The finished spans of one trace. */
    public static List<SpanData> ofTrace(String traceId) {
        return current.getFinishedSpanItems().stream().filter(span -> span.getTraceId().equals(traceId)).toList();
    }
}
