package io.github.asyncjobs.telemetry;

import java.util.Collection;

import jakarta.inject.Singleton;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.quarkus.arc.lookup.LookupIfProperty;

/**
 * Turns trace export off while no OTLP endpoint is configured, instead of sending to Quarkus's default
 * (localhost:4317) where, in most deployments, nothing listens. Spans are still made, so trace ids reach logs and queue messages.
 * As a span exporter bean it takes the place of Quarkus's OTLP exporter, but only while it can be looked up.
 */
@Singleton
@LookupIfProperty(name = "quarkus.otel.exporter.otlp.traces.endpoint", stringValue = NoSpanExport.UNSET, lookupIfMissing = true)
public class NoSpanExport implements SpanExporter {

    /** What application.properties leaves the endpoint at when neither it nor OTEL_EXPORTER_OTLP_ENDPOINT is set. */
    static final String UNSET = "http://otlp-endpoint-not-configured.invalid:4317/";

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
    }
}
