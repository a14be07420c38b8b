package io.github.asyncjobs.adapter.azure.blob;

import java.time.Clock;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.util.TracingOptions;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.asyncjobs.config.JobsConfig;
import io.github.asyncjobs.job.activity.ActivityShare;
import io.micrometer.core.instrument.MeterRegistry;

/** The Azure Blob Storage store: job records, results and callback deliveries in one container. */
public final class BlobStorage {

    private final BlobJobRecords records;
    private final BlobResultStore results;
    private final BlobCallbackDeliveries callbacks;
    private final BlobActivityShare activity;

    public BlobStorage(JobsConfig config, TokenCredential credential, HttpClient httpClient, TracingOptions tracing,
            ObjectMapper mapper, MeterRegistry registry) {
        var container = new BlobContainer(config.storage().blob(), credential, httpClient, tracing, registry);
        var documents = new BlobDocuments(container, mapper);
        this.records = new BlobJobRecords(container, documents, config.metrics().sampleInterval(), config.requeueCheckInterval(),
                config.expiryCheckInterval());
        this.results = new BlobResultStore(container, config, Clock.systemUTC());
        this.callbacks = new BlobCallbackDeliveries(container, documents);
        this.activity = new BlobActivityShare(container, documents);
    }

    public BlobJobRecords records() {
        return records;
    }

    public BlobResultStore results() {
        return results;
    }

    public BlobCallbackDeliveries callbacks() {
        return callbacks;
    }

    public ActivityShare activity() {
        return activity;
    }
}
