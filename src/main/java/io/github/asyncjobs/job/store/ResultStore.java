package io.github.asyncjobs.job.store;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

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

    /** Where this service serves the results of a store whose signed URLs point back at the service itself. */
    String SELF_SERVED_PATH = "/api/results";

    /**
     * For a store whose URLs this service serves itself (under {@link #SELF_SERVED_PATH}; the embedded one): the result
     * that a signed URL names. Other stores hand out URLs of their own and serve nothing here.
     *
     * @throws InvalidSignatureException when the URL was changed, signed with another key, or has expired
     */
    default Optional<SignedResult> open(String type, String id, String expiry, String mediaType, String fileName,
            String signature) {
        return Optional.empty();
    }

    void checkAvailable();
}
