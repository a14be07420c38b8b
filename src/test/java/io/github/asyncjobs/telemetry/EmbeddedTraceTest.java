package io.github.asyncjobs.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** On the embedded queue, one job's spans form one trace from the caller's POST to the completion. */
@QuarkusTest
class EmbeddedTraceTest {

    @Test
    void aJobIsOneTraceAcrossTheEmbeddedQueue() {
        var spans = TraceAssertions.spansOfOneJob(TraceAssertions::hasProcessingDone);
        var send = TraceAssertions.named(spans, "send jobs").get(0);
        assertThat(send.getAttributes().get(SpanAttributes.MESSAGING_SYSTEM)).isEqualTo("embedded-queue");
        assertThat(TraceAssertions.named(spans, "store record.create"))
                .as("the record and the message are one transaction: the send's span covers both").isEmpty();
    }
}
