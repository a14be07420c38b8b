package io.github.asyncjobs.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.asyncjobs.testing.azure.FullAzureProfile;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * In full Azure mode (the test broker and Azurite, through the real SDKs), one job is still one trace, and the SDKs'
 * own spans (Service Bus send and complete, Blob Storage calls) are in it.
 */
@QuarkusTest
@TestProfile(FullAzureProfile.class)
class AzureTraceTest {

    @Test
    void aJobIsOneTraceAcrossServiceBusWithTheSdkSpansInIt() {
        var spans = TraceAssertions.spansOfOneJob(s -> TraceAssertions.hasProcessingDone(s) && hasSdkSpan(s, "Microsoft.ServiceBus", "complete")
                && !TraceAssertions.named(s, "ServiceBus.send").isEmpty());
        TraceAssertions.assertRecordCreatedByThePost(spans);
        var send = TraceAssertions.named(spans, "send jobs").get(0);
        assertThat(send.getAttributes().get(SpanAttributes.MESSAGING_SYSTEM)).isEqualTo("servicebus");
        var sdkSend = TraceAssertions.named(spans, "ServiceBus.send");
        assertThat(sdkSend).as(TraceAssertions.names(spans).toString()).singleElement()
                .satisfies(span -> assertThat(span.getParentSpanId()).isEqualTo(send.getSpanId()));
        var resultPut = TraceAssertions.named(spans, "store result.put").get(0);
        assertThat(spans).as("the Blob upload of the result, inside the store call")
                .anyMatch(span -> sdk(span, "Microsoft.Storage") && span.getParentSpanId().equals(resultPut.getSpanId()));
        assertThat(spans).as("one HTTP span per Blob request: the SDK's, not also Vert.x's")
                .filteredOn(span -> span.getKind() == SpanKind.CLIENT && span.getName().equals("PUT"))
                .isNotEmpty()
                .allMatch(span -> spans.stream().anyMatch(parent -> parent.getSpanId().equals(span.getParentSpanId()) && sdk(parent, "Microsoft.Storage")));
        assertThat(hasSdkSpan(spans, "Microsoft.ServiceBus", "complete")).isTrue();
    }

    private static boolean hasSdkSpan(List<SpanData> spans, String namespace, String nameContains) {
        return spans.stream().anyMatch(span -> sdk(span, namespace) && span.getName().toLowerCase().contains(nameContains));
    }

    private static boolean sdk(SpanData span, String namespace) {
        return TraceAssertions.attribute(span, "az.namespace").filter(namespace::equals).isPresent();
    }
}
