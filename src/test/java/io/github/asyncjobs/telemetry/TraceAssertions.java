package io.github.asyncjobs.telemetry;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import io.github.asyncjobs.testing.Jobs;
import io.github.asyncjobs.testing.telemetry.InMemorySpans;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.restassured.http.ContentType;

/** One job, submitted with a caller's trace context, and the spans it produced, checked the same way in every mode. */
final class TraceAssertions {

    static final String CALLER_TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final String CALLER_SPAN_ID = "00f067aa0ba902b7";

    private TraceAssertions() {
    }

    /** Submits an echo job as a traced caller would, waits for it, and returns the trace's spans once complete. */
    static List<SpanData> spansOfOneJob(Predicate<List<SpanData>> complete) {
        String id = given().contentType(ContentType.JSON)
                .header("traceparent", "00-" + CALLER_TRACE_ID + "-" + CALLER_SPAN_ID + "-01")
                .body(Map.of("type", "echo", "input", Map.of("order", 42)))
                .post("/api/jobs").then().statusCode(202).extract().path("id");
        Jobs.awaitStatus(id, "Succeeded");
        await().atMost(Duration.ofSeconds(30)).until(() -> complete.test(InMemorySpans.ofTrace(CALLER_TRACE_ID)));
        var spans = InMemorySpans.ofTrace(CALLER_TRACE_ID);
        assertOneTraceFromPostToCompletion(spans, id);
        return spans;
    }

    /** Spans named {@code name} of the trace. */
    static List<SpanData> named(List<SpanData> spans, String name) {
        return spans.stream().filter(span -> span.getName().equals(name)).toList();
    }

    static boolean hasProcessingDone(List<SpanData> spans) {
        return spans.stream().anyMatch(span -> span.getKind() == SpanKind.CONSUMER
                && "complete".equals(span.getAttributes().get(SpanAttributes.JOB_OUTCOME)));
    }

    private static void assertOneTraceFromPostToCompletion(List<SpanData> spans, String jobId) {
        var post = spans.stream().filter(span -> span.getKind() == SpanKind.SERVER && span.getName().startsWith("POST"))
                .findFirst().orElseThrow(() -> new AssertionError("no POST span in " + names(spans)));
        assertThat(post.getParentSpanId()).as("the caller's span is the parent").isEqualTo(CALLER_SPAN_ID);

        var send = only(spans, span -> span.getKind() == SpanKind.PRODUCER && span.getName().equals("send jobs"));
        assertThat(send.getParentSpanId()).isEqualTo(post.getSpanId());
        assertThat(send.getAttributes().get(SpanAttributes.MESSAGING_MESSAGE_ID)).isEqualTo(jobId);
        assertThat(send.getAttributes().get(SpanAttributes.MESSAGING_DESTINATION)).isEqualTo("jobs");

        var process = spans.stream().filter(span -> span.getKind() == SpanKind.CONSUMER && span.getName().equals("process jobs")
                && "complete".equals(span.getAttributes().get(SpanAttributes.JOB_OUTCOME))).findFirst().orElseThrow();
        assertThat(process.getParentSpanId()).as("processing continues the send").isEqualTo(send.getSpanId());
        assertThat(process.getLinks()).anyMatch(link -> link.getSpanContext().getSpanId().equals(send.getSpanId()));
        assertThat(process.getAttributes().get(SpanAttributes.JOB_ID)).isEqualTo(jobId);
        assertThat(process.getAttributes().get(SpanAttributes.JOB_TYPE)).isEqualTo("echo");
        assertThat(process.getAttributes().get(SpanAttributes.JOB_STATUS)).as(process.getAttributes().toString()).isEqualTo("Succeeded");
        assertThat(process.getAttributes().get(SpanAttributes.JOB_ATTEMPT)).isEqualTo(1L);
        assertThat(process.getAttributes().get(SpanAttributes.JOB_DELIVERY_COUNT)).isEqualTo(1L);

        var attempt = only(spans, span -> span.getName().equals("attempt echo"));
        assertThat(attempt.getParentSpanId()).isEqualTo(process.getSpanId());
        var resultPut = only(spans, span -> span.getName().equals("store result.put"));
        assertThat(resultPut.getParentSpanId()).isEqualTo(process.getSpanId());
        assertThat(named(spans, "store record.update")).as("running and succeeded").hasSizeGreaterThanOrEqualTo(2)
                .allMatch(span -> span.getParentSpanId().equals(process.getSpanId()));
    }

    /** Where recording and queueing are separate calls: the record is created inside the POST, before the send. */
    static void assertRecordCreatedByThePost(List<SpanData> spans) {
        var post = only(spans, span -> span.getKind() == SpanKind.SERVER && span.getName().startsWith("POST"));
        assertThat(named(spans, "store record.create")).singleElement()
                .satisfies(span -> assertThat(span.getParentSpanId()).isEqualTo(post.getSpanId()));
    }

    private static SpanData only(List<SpanData> spans, Predicate<SpanData> match) {
        var found = spans.stream().filter(match).toList();
        assertThat(found).as("one matching span in " + names(spans)).hasSize(1);
        return found.get(0);
    }

    static List<String> names(List<SpanData> spans) {
        return spans.stream().map(span -> span.getKind() + " " + span.getName()).toList();
    }

    static Optional<String> attribute(SpanData span, String key) {
        return span.getAttributes().asMap().entrySet().stream().filter(e -> e.getKey().getKey().equals(key))
                .map(e -> String.valueOf(e.getValue())).findFirst();
    }
}
