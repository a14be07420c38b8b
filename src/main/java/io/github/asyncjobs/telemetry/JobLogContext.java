package io.github.asyncjobs.telemetry;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.jboss.logging.MDC;

import io.opentelemetry.api.trace.Span;

/**
 * Puts a job's id, and the current span's trace and span ids, into the logging MDC while open, so that every
 * line logged about the job (also on threads OpenTelemetry does not manage) carries them; restores the rest on close.
 */
public final class JobLogContext implements AutoCloseable {

    public static final String JOB_ID = "jobId";
    private static final String TRACE_ID = "traceId";
    private static final String SPAN_ID = "spanId";

    private final Map<String, Object> previous = new HashMap<>();

    private JobLogContext(UUID jobId) {
        put(JOB_ID, jobId.toString());
        var span = Span.current().getSpanContext();
        if (span.isValid()) {
            put(TRACE_ID, span.getTraceId());
            put(SPAN_ID, span.getSpanId());
        }
    }

    public static JobLogContext open(UUID jobId) {
        return new JobLogContext(jobId);
    }

    private void put(String key, String value) {
        previous.put(key, MDC.put(key, value));
    }

    @Override
    public void close() {
        previous.forEach((key, value) -> {
            if (value == null) {
                MDC.remove(key);
            } else {
                MDC.put(key, value);
            }
        });
    }
}
