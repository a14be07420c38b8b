package io.github.asyncjobs.telemetry;

import java.util.stream.Stream;

import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdkBuilder;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.quarkus.opentelemetry.runtime.AutoConfiguredOpenTelemetrySdkBuilderCustomizer;

/**
 * While no span is exported ({@link NoSpanExport} in place and no other exporter), spans are not recorded: each one
 * is still made, with its trace id and W3C context, so trace ids reach logs and queue messages and a caller's trace
 * goes on, but it keeps no attributes and goes to no processor. Recording spans that are then dropped cost about a
 * tenth of the CPU of an accept (docs/benchmarks.md).
 */
@Singleton
public class UnexportedSpans implements AutoConfiguredOpenTelemetrySdkBuilderCustomizer {

    private final boolean exported;

    @Inject
    UnexportedSpans(@ConfigProperty(name = "quarkus.otel.exporter.otlp.traces.endpoint", defaultValue = NoSpanExport.UNSET) String endpoint,
            @Any Instance<SpanExporter> exporters) {
        this(exported(endpoint, exporters.stream()));
    }

    UnexportedSpans(boolean exported) {
        this.exported = exported;
    }

    /** An OTLP endpoint is set, or an exporter other than {@link NoSpanExport} is in place (a test's in-memory one). */
    static boolean exported(String otlpEndpoint, Stream<SpanExporter> exporters) {
        return !NoSpanExport.UNSET.equals(otlpEndpoint) || exporters.anyMatch(exporter -> !(exporter instanceof NoSpanExport));
    }

    @Override
    public void customize(AutoConfiguredOpenTelemetrySdkBuilder builder) {
        if (!exported) {
            builder.addSamplerCustomizer((configured, config) -> Sampler.alwaysOff());
        }
    }
}
