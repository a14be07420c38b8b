package io.github.asyncjobs.storage;

import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.asyncjobs.config.JobsConfig;
import io.github.asyncjobs.storage.blob.BlobStorage;
import io.github.asyncjobs.storage.local.LocalJobRecords;
import io.github.asyncjobs.storage.local.LocalResultStore;
import io.quarkus.logging.Log;

/**
 * Chooses the store by configuration: Azure Blob Storage when {@code jobs.storage.blob.endpoint} is set,
 * the embedded local store otherwise. Azure clients are only built in Blob mode.
 */
@Singleton
public class StorageBackends {

    private final JobsConfig config;
    private final ObjectMapper mapper;
    private final Instance<TokenCredential> credential;
    private final Instance<HttpClient> httpClient;
    private BlobStorage blob;

    public StorageBackends(JobsConfig config, ObjectMapper mapper, Instance<TokenCredential> credential,
            Instance<HttpClient> httpClient) {
        this.config = config;
        this.mapper = mapper;
        this.credential = credential;
        this.httpClient = httpClient;
    }

    @Produces
    @Singleton
    JobRecords records() {
        return blobMode() ? blob().records() : new LocalJobRecords(config, mapper);
    }

    @Produces
    @Singleton
    ResultStore results() {
        return blobMode() ? blob().results() : new LocalResultStore(config);
    }

    private boolean blobMode() {
        return config.storage().blob().endpoint().isPresent();
    }

    private synchronized BlobStorage blob() {
        if (blob == null) {
            Log.infof("Job store: Azure Blob Storage %s, container %s", config.storage().blob().endpoint().get(),
                    config.storage().blob().container());
            blob = new BlobStorage(config, credential.get(), httpClient.get(), mapper);
        }
        return blob;
    }
}
