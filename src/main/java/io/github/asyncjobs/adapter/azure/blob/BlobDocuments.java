package io.github.asyncjobs.adapter.azure.blob;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

import com.azure.storage.blob.models.BlobRequestConditions;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.asyncjobs.job.store.StoreUnavailableException;

/** The JSON documents the store keeps in the container: job records, outbox messages, idempotency claims, deliveries. */
final class BlobDocuments {

    private static final String JSON = "application/json";

    private final BlobContainer container;
    private final ObjectMapper mapper;

    BlobDocuments(BlobContainer container, ObjectMapper mapper) {
        this.container = container;
        this.mapper = mapper;
    }

    /** Writes {@code document} as {@code name} under {@code conditions}; its new ETag, or empty when they did not hold. */
    Optional<String> write(String name, Object document, BlobRequestConditions conditions) {
        return container.write(name, json(document), JSON, conditions);
    }

    /**
     * Writes {@code next} in place of the document {@code name} only if it still reads as {@code current}, under the
     * ETag it was read with: a compare-and-set. False when it was changed or removed meanwhile; then nothing was written.
     */
    boolean replace(String name, Object current, Object next) {
        return container.read(name)
                .filter(blob -> parse(blob, current.getClass()).equals(current))
                .flatMap(blob -> write(name, next, new BlobRequestConditions().setIfMatch(blob.etag())))
                .isPresent();
    }

    byte[] json(Object document) {
        try {
            return mapper.writeValueAsBytes(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    <T> T parse(BlobContainer.Versioned blob, Class<T> type) {
        try {
            return mapper.readValue(blob.content().toBytes(), type);
        } catch (IOException e) {
            throw new StoreUnavailableException("Unreadable " + type.getSimpleName() + " in Blob Storage", e);
        }
    }
}
