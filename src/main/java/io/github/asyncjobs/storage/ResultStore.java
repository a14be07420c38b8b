package io.github.asyncjobs.storage;

import java.net.URI;
import java.time.Duration;

import io.github.asyncjobs.job.Job;
import io.github.asyncjobs.job.ResultFile;

/**
 * Where job results live and how clients are let in to read them.
 * Every method throws {@link StoreUnavailableException} when the store cannot answer.
 */
public interface ResultStore {

    /** Stores (or replaces, when a job is repeated) the result of {@code job}. */
    void put(Job job, ResultFile file, byte[] content);

    void delete(Job job);

    /**
     * A URL that lets its holder read the result of a succeeded job, and nothing else, for {@code validity}.
     * It may be relative to the service's own base URL.
     */
    URI signedUrl(Job job, Duration validity);

    void checkAvailable();
}
