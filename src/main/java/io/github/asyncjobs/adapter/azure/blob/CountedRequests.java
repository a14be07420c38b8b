package io.github.asyncjobs.adapter.azure.blob;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import reactor.core.publisher.Mono;

/**
 * Counts every request sent to Blob Storage ({@code jobs_storage_requests_total} by HTTP method and {@code comp}, the
 * query parameter that names the operation: {@code list} for a listing, {@code none} for a blob's own read or write),
 * retries included: what Azure bills as operations (listings in a dearer class), and what the benchmarks divide by jobs.
 */
final class CountedRequests implements HttpPipelinePolicy {

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    CountedRequests(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
        var request = context.getHttpRequest();
        var method = request.getHttpMethod().name();
        var comp = comp(request.getUrl().getQuery());
        counters.computeIfAbsent(method + " " + comp, key -> Counter.builder("jobs.storage.requests")
                .description("Requests sent to Blob Storage, retries included")
                .tag("method", method)
                .tag("comp", comp)
                .register(registry)).increment();
        return next.process();
    }

    private static String comp(String query) {
        if (query != null) {
            for (var parameter : query.split("&")) {
                if (parameter.startsWith("comp=")) {
                    return parameter.substring("comp=".length());
                }
            }
        }
        return "none";
    }
}
