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
 * Counts every request sent to Blob Storage ({@code jobs_storage_requests_total} by HTTP method), retries included:
 * what Azure bills as operations, and what the benchmarks divide by jobs to get requests per job.
 */
final class CountedRequests implements HttpPipelinePolicy {

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    CountedRequests(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
        counters.computeIfAbsent(context.getHttpRequest().getHttpMethod().name(), method -> Counter.builder("jobs.storage.requests")
                .description("Requests sent to Blob Storage, retries included")
                .tag("method", method)
                .register(registry)).increment();
        return next.process();
    }
}
