package io.github.asyncjobs.testing.telemetry;

import java.util.List;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

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

    /** The finished spans of one trace. */
    public static List<SpanData> ofTrace(String traceId) {
        return current.getFinishedSpanItems().stream().filter(span -> span.getTraceId().equals(traceId)).toList();
    }
}
