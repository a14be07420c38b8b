package io.github.asyncjobs.adapter.azure.blob;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.util.BinaryData;
import com.azure.core.util.ClientOptions;
import com.azure.core.util.Context;
import com.azure.core.util.TracingOptions;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobHttpHeaders;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.options.BlockBlobSimpleUploadOptions;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;

import io.github.asyncjobs.config.StorageConfig;
import io.github.asyncjobs.job.store.StoreUnavailableException;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The job container in Azure Blob Storage, with the few blob operations the store needs. Every failure
 * that is not an expected condition becomes a {@link StoreUnavailableException}.
 */
final class BlobContainer {

    /** A blob's content and the ETag it had when read. */
    record Versioned(BinaryData content, String etag) {
    }

    private final BlobServiceClient service;
    private final BlobContainerClient container;
    private final Duration timeout;
    private final ExecutorService background = Executors.newCachedThreadPool(runnable -> {
        var thread = new Thread(runnable, "blob-call");
        thread.setDaemon(true);
        return thread;
    });

    BlobContainer(StorageConfig.Blob config, TokenCredential credential, HttpClient httpClient, TracingOptions tracing,
            MeterRegistry registry) {
        var endpoint = config.endpoint().orElseThrow();
        if (!"https".equalsIgnoreCase(endpoint.getScheme())) {
            throw new IllegalArgumentException("jobs.storage.blob.endpoint must be an https URL: Entra ID tokens and SAS need TLS");
        }
        this.timeout = config.requestTimeout();
        // Few, quick retries: a caller waiting on accept is better served by a prompt 503.
        var retries = new RequestRetryOptions(RetryPolicyType.EXPONENTIAL, 3, timeout.toSeconds() > 0 ? (int) timeout.toSeconds() : 1,
                100L, 1_000L, null);
        this.service = new BlobServiceClientBuilder()
                .endpoint(endpoint.toString())
                .credential(credential)
                .httpClient(httpClient)
                .clientOptions(new ClientOptions().setTracingOptions(tracing))
                .retryOptions(retries)
                .addPolicy(new CountedRequests(registry))
                .buildClient();
        this.container = service.getBlobContainerClient(config.container());
    }

    BlobServiceClient service() {
        return service;
    }

    BlobClient blob(String name) {
        return container.getBlobClient(name);
    }

    Optional<Versioned> read(String name) {
        return call(() -> {
            try {
                var response = blob(name).downloadContentWithResponse(null, null, timeout, Context.NONE);
                return Optional.of(new Versioned(response.getValue(), response.getDeserializedHeaders().getETag()));
            } catch (BlobStorageException e) {
                if (e.getStatusCode() == 404) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    /**
     * Writes a blob if {@code conditions} hold, in one Put Blob request.
     *
     * @return the new ETag, or empty when the conditions did not hold (the blob exists, or changed since it was read)
     */
    Optional<String> write(String name, byte[] content, String mediaType, BlobRequestConditions conditions) {
        return call(() -> {
            try {
                var options = new BlockBlobSimpleUploadOptions(BinaryData.fromBytes(content))
                        .setHeaders(new BlobHttpHeaders().setContentType(mediaType))
                        .setRequestConditions(conditions);
                return Optional.of(blob(name).getBlockBlobClient().uploadWithResponse(options, timeout, Context.NONE)
                        .getValue().getETag());
            } catch (BlobStorageException e) {
                if (e.getStatusCode() == 412 || e.getErrorCode() == BlobErrorCode.BLOB_ALREADY_EXISTS) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    /** Runs a storage call on another thread, so that two independent calls cost one round trip of latency. */
    <T> CompletableFuture<T> async(Supplier<T> storageCall) {
        // The current trace context goes along, so the call's span stays inside the caller's.
        return CompletableFuture.supplyAsync(io.opentelemetry.context.Context.current().wrapSupplier(() -> call(storageCall)), background);
    }

    /** Deletes the blob if it meets the conditions; false when it is gone or does not meet them. */
    boolean delete(String name, BlobRequestConditions conditions) {
        return call(() -> {
            try {
                blob(name).deleteWithResponse(null, conditions, timeout, Context.NONE);
                return true;
            } catch (BlobStorageException e) {
                if (e.getStatusCode() != 404 && e.getStatusCode() != 412) {
                    throw e;
                }
                return false;
            }
        });
    }

    BlobContainerClient client() {
        return container;
    }

    Duration timeout() {
        return timeout;
    }

    /** Proves that the container answers and the credential gets a token. */
    void checkAvailable() {
        call(() -> container.getPropertiesWithResponse(null, timeout, Context.NONE));
    }

    /** Runs a storage call, turning any failure into {@link StoreUnavailableException}. */
    static <T> T call(Supplier<T> storageCall) {
        try {
            return storageCall.get();
        } catch (StoreUnavailableException e) {
            throw e;
        } catch (BlobStorageException e) {
            throw new StoreUnavailableException("Blob Storage answered " + e.getStatusCode() + " " + e.getErrorCode(), e);
        } catch (RuntimeException e) {
            throw new StoreUnavailableException("Blob Storage cannot be reached: " + e.getMessage(), e);
        }
    }
}
