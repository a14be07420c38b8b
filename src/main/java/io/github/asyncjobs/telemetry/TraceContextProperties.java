package io.github.asyncjobs.telemetry;

import java.util.Map;

import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;

/**
 * W3C trace context in a message's application properties: {@code traceparent} and {@code tracestate}, and
 * {@code Diagnostic-Id} (the name Azure SDK consumers read), so that a job's trace continues across the queue.
 */
public final class TraceContextProperties {

    public static final String TRACEPARENT = "traceparent";
    public static final String DIAGNOSTIC_ID = "Diagnostic-Id";

    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();

    private static final TextMapGetter<Map<String, String>> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private TraceContextProperties() {
    }

    /** Writes {@code context}'s span (when there is a valid one) into {@code properties}. */
    public static void inject(Context context, Map<String, String> properties) {
        W3C.inject(context, properties, Map::put);
        var traceParent = properties.get(TRACEPARENT);
        if (traceParent != null) {
            properties.put(DIAGNOSTIC_ID, traceParent);
        }
    }

    /** The remote span context carried by {@code properties}, on top of the root context; root when there is none. */
    public static Context extract(Map<String, String> properties) {
        return W3C.extract(Context.root(), properties, GETTER);
    }
}
