package io.github.asyncjobs.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;

/** Spans are recorded only when something exports them; their trace context is kept either way. */
class UnexportedSpansTest {

    @Test
    void withNothingExportedSpansKeepTheirContextButRecordNothing() {
        var span = spanUnder(new UnexportedSpans(false));
        assertThat(span.getSpanContext().isValid()).isTrue();
        assertThat(span.isRecording()).isFalse();
    }

    @Test
    void withAnExporterSpansAreRecorded() {
        assertThat(spanUnder(new UnexportedSpans(true)).isRecording()).isTrue();
    }

    @Test
    void anOtlpEndpointOrAnotherExporterMeansExported() {
        assertThat(UnexportedSpans.exported(NoSpanExport.UNSET, Stream.of(new NoSpanExport()))).isFalse();
        assertThat(UnexportedSpans.exported("http://collector:4317", Stream.of(new NoSpanExport()))).isTrue();
        assertThat(UnexportedSpans.exported(NoSpanExport.UNSET, Stream.of(new NoSpanExport(), InMemorySpanExporter.create()))).isTrue();
    }

    private static Span spanUnder(UnexportedSpans customizer) {
        var builder = AutoConfiguredOpenTelemetrySdk.builder().disableShutdownHook()
                .addPropertiesSupplier(() -> Map.of("otel.traces.exporter", "none", "otel.metrics.exporter", "none",
                        "otel.logs.exporter", "none"));
        customizer.customize(builder);
        var sdk = builder.build().getOpenTelemetrySdk();
        try {
            return sdk.getTracer("test").spanBuilder("call").startSpan();
        } finally {
            sdk.close();
        }
    }
}
