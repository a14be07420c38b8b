package io.github.asyncjobs.adapter;

import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.health.Readiness;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.util.TracingOptions;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.asyncjobs.adapter.azure.blob.BlobStorage;
import io.github.asyncjobs.adapter.embedded.EmbeddedCallbackDeliveries;
import io.github.asyncjobs.adapter.embedded.EmbeddedDatabase;
import io.github.asyncjobs.adapter.embedded.EmbeddedIntake;
import io.github.asyncjobs.adapter.embedded.EmbeddedJobRecords;
import io.github.asyncjobs.adapter.embedded.EmbeddedQueueConnector;
import io.github.asyncjobs.adapter.embedded.LocalResultStore;
import io.github.asyncjobs.config.JobsConfig;
import io.github.asyncjobs.job.activity.ActivityShare;
import io.github.asyncjobs.job.callback.CallbackDeliveries;
import io.github.asyncjobs.job.intake.IdempotencyKeys;
import io.github.asyncjobs.job.intake.JobIntake;
import io.github.asyncjobs.job.intake.SequentialIntake;
import io.github.asyncjobs.job.queue.JobQueue;
import io.github.asyncjobs.job.resilience.QueueBreaker;
import io.github.asyncjobs.job.store.CachedJobRecords;
import io.github.asyncjobs.job.store.JobRecords;
import io.github.asyncjobs.job.store.ObservedJobRecords;
import io.github.asyncjobs.job.store.ObservedResultStore;
import io.github.asyncjobs.job.store.ResultStore;
import io.github.asyncjobs.telemetry.DependencyCalls;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;

/**
 * Chooses the store by configuration: Azure Blob Storage when {@code jobs.storage.blob.endpoint} is set,
 * the embedded database otherwise. Azure clients are only built in Blob mode, the database only without it.
 * Every store call is observed. With the embedded store and the embedded queue together, accepting is one transaction.
 * Callback deliveries live in the same store as the records.
 */
@Singleton
public class StorageBackends {

    private final JobsConfig config;
    private final ObjectMapper mapper;
    private final Instance<TokenCredential> credential;
    private final Instance<HttpClient> httpClient;
    private final Instance<TracingOptions> tracing;
    private final DependencyCalls calls;
    private final MeterRegistry registry;
    private final Instance<EmbeddedDatabase> database;
    private final Instance<EmbeddedQueueConnector> embeddedQueue;
    private BlobStorage blob;
    private EmbeddedJobRecords embeddedRecords;
    private EmbeddedCallbackDeliveries embeddedCallbacks;

    public StorageBackends(JobsConfig config, ObjectMapper mapper, Instance<TokenCredential> credential,
            Instance<HttpClient> httpClient, Instance<TracingOptions> tracing, DependencyCalls calls,
            MeterRegistry registry, Instance<EmbeddedDatabase> database, @Any Instance<EmbeddedQueueConnector> embeddedQueue) {
        this.config = config;
        this.mapper = mapper;
        this.credential = credential;
        this.httpClient = httpClient;
        this.tracing = tracing;
        this.calls = calls;
        this.registry = registry;
        this.database = database;
        this.embeddedQueue = embeddedQueue;
    }

    @Produces
    @Singleton
    JobRecords records() {
        return new CachedJobRecords(new ObservedJobRecords(blobMode() ? blob().records() : embeddedRecords(), calls),
                config.recordsCache());
    }

    @Produces
    @Singleton
    CallbackDeliveries callbacks() {
        return blobMode() ? blob().callbacks() : embeddedCallbacks();
    }

    @Produces
    @Singleton
    JobIntake intake(JobRecords records, CallbackDeliveries callbacks, JobQueue queue, @Readiness QueueBreaker breaker) {
        if (blobMode() || !EmbeddedQueueConnector.NAME.equals(config.queue().connector())) {
            return new SequentialIntake(records, callbacks, queue, new IdempotencyKeys(config.idempotency()), breaker,
                    config.queue().sendTimeout(), config.requeueAfter(),
                    config.drillHaltBeforeQueueing());
        }
        return new EmbeddedIntake(database.get(), embeddedRecords(), embeddedCallbacks(), embeddedQueue.get(), queue, config);
    }

    /** Instances share their activity through the Blob store; the embedded store serves one instance. */
    @Produces
    @Singleton
    ActivityShare activity() {
        return blobMode() ? blob().activity() : ActivityShare.SINGLE_INSTANCE;
    }

    @Produces
    @Singleton
    ResultStore results() {
        return new ObservedResultStore(blobMode() ? blob().results() : new LocalResultStore(config), calls);
    }

    private boolean blobMode() {
        return config.storage().blob().endpoint().isPresent();
    }

    private synchronized EmbeddedJobRecords embeddedRecords() {
        if (embeddedRecords == null) {
            embeddedRecords = new EmbeddedJobRecords(database.get(), mapper);
        }
        return embeddedRecords;
    }

    private synchronized EmbeddedCallbackDeliveries embeddedCallbacks() {
        if (embeddedCallbacks == null) {
            embeddedCallbacks = new EmbeddedCallbackDeliveries(database.get(), mapper);
        }
        return embeddedCallbacks;
    }

    private synchronized BlobStorage blob() {
        if (blob == null) {
            Log.infof("Job store: Azure Blob Storage %s, container %s", config.storage().blob().endpoint().get(),
                    config.storage().blob().container());
            blob = new BlobStorage(config, credential.get(), httpClient.get(), tracing.get(), mapper, registry);
        }
        return blob;
    }
}
