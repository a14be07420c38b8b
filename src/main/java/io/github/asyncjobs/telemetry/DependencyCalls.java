package io.github.asyncjobs.telemetry;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;

/**
 * Calls to the job store and the queue: each one is timed ({@code jobs_dependency_duration_seconds} by dependency,
 * operation and outcome) and, inside a trace, gets a span. Calls outside any trace (readiness probes, sweeps)
 * start no trace of their own, so that traces stay about jobs.
 */
@ApplicationScoped
public class DependencyCalls {

    public static final String STORE = "store";
    public static final String QUEUE = "queue";

    private final Tracer tracer;
    private final MeterRegistry registry;
    /** One timer per dependency, operation and outcome, built once: calls are on the accept and processing paths. */
    private final Map<List<String>, Timer> timers = new ConcurrentHashMap<>();

    public DependencyCalls(Tracer tracer, MeterRegistry registry) {
        this.tracer = tracer;
        this.registry = registry;
    }

    /** One call under way; {@link #end} it exactly once. */
    public final class Call {

        private final String dependency;
        private final String operation;
        private final Span span;
        private final long begin = System.nanoTime();

        private Call(String dependency, String operation, Span span) {
            this.dependency = dependency;
            this.operation = operation;
            this.span = span;
        }

        /** The context to run the call in (and to propagate), with its span when there is one. */
        public Context context() {
            return Context.current().with(span);
        }

        /** Ends the call; {@code failure} is null when it worked. */
        public void end(Throwable failure) {
            if (failure != null) {
                span.recordException(failure);
                span.setStatus(StatusCode.ERROR);
            }
            span.end();
            timer(dependency, operation, failure == null ? "success" : "failure").record(Duration.ofNanos(System.nanoTime() - begin));
        }
    }

    private Timer timer(String dependency, String operation, String outcome) {
        return timers.computeIfAbsent(List.of(dependency, operation, outcome), key -> Timer.builder("jobs.dependency.duration")
                .description("Duration of calls to the job store and the queue")
                .tags("dependency", dependency, "operation", operation, "outcome", outcome)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry));
    }

    /** Starts a call; its span (of {@code kind}) only when a trace is current. */
    public Call start(String dependency, String operation, String spanName, SpanKind kind, Attributes attributes) {
        var span = Span.current().getSpanContext().isValid()
                ? tracer.spanBuilder(spanName).setSpanKind(kind).setAllAttributes(attributes).startSpan()
                : Span.getInvalid();
        return new Call(dependency, operation, span);
    }

    /** Runs a synchronous call with its span ("dependency operation") current. */
    public <T> T call(String dependency, String operation, Attributes attributes, Supplier<T> work) {
        var call = start(dependency, operation, dependency + " " + operation, SpanKind.INTERNAL, attributes);
        try (var scope = call.context().makeCurrent()) {
            var result = work.get();
            call.end(null);
            return result;
        } catch (RuntimeException | Error e) {
            call.end(e);
            throw e;
        }
    }

    public void run(String dependency, String operation, Attributes attributes, Runnable work) {
        call(dependency, operation, attributes, () -> {
            work.run();
            return null;
        });
    }
}
