package io.github.asyncjobs.adapter.embedded;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.github.asyncjobs.config.JobsConfig;
import io.github.asyncjobs.job.Job;
import io.github.asyncjobs.job.ResultFile;
import io.github.asyncjobs.job.store.InvalidSignatureException;
import io.github.asyncjobs.job.store.ResultStore;
import io.github.asyncjobs.job.store.SignedResult;

/**
 * Results as files under {@code <data-dir>/results/<type>/<id>}, handed out through URLs that the service
 * signs itself and serves at {@link ResultStore#SELF_SERVED_PATH}: the embedded stand-in for blobs and user-delegation SAS.
 */
public class LocalResultStore implements ResultStore {

    private final Path directory;
    private final ResultUrlSigner signer;

    public LocalResultStore(JobsConfig config) {
        var local = config.storage().local();
        // Absolute and normalized, as the paths checked against it in file() are.
        this.directory = local.dataDir().resolve("results").toAbsolutePath().normalize();
        this.signer = ResultUrlSigner.from(local);
    }

    @Override
    public void put(Job job, ResultFile file, byte[] content) {
        LocalFiles.write(file(job.type(), job.id()), content);
    }

    @Override
    public void delete(Job job) {
        LocalFiles.delete(file(job.type(), job.id()));
    }

    @Override
    public URI signedUrl(Job job, Duration validity) {
        var expiry = String.valueOf(Instant.now().plus(validity).getEpochSecond());
        var result = job.result();
        var signature = signer.sign(fields(job.type(), job.id().toString(), expiry, result.mediaType(), result.fileName()));
        return URI.create(SELF_SERVED_PATH + "/" + encode(job.type()) + "/" + job.id()
                + "?se=" + expiry + "&rsct=" + encode(result.mediaType()) + "&rscd=" + encode(result.fileName())
                + "&sig=" + signature);
    }

    @Override
    public Optional<SignedResult> open(String type, String id, String expiry, String mediaType, String fileName,
            String signature) {
        if (!signer.verify(fields(type, id, expiry, mediaType, fileName), signature)) {
            throw new InvalidSignatureException("The signature does not match this URL");
        }
        if (Instant.ofEpochSecond(Long.parseLong(expiry)).isBefore(Instant.now())) {
            throw new InvalidSignatureException("This URL has expired; ask the job's status for a new one");
        }
        var file = file(type, UUID.fromString(id));
        return Files.isRegularFile(file) ? Optional.of(new SignedResult(file, mediaType, fileName)) : Optional.empty();
    }

    @Override
    public void checkAvailable() {
        LocalFiles.checkWritable(directory);
    }

    private Path file(String type, UUID id) {
        // The type comes from a signed URL or a validated job; still, never let it leave the results folder.
        var file = directory.resolve(type).resolve(id.toString()).normalize();
        if (!file.startsWith(directory)) {
            throw new IllegalArgumentException("Invalid job type " + type);
        }
        return file;
    }

    private static List<String> fields(String type, String id, String expiry, String mediaType, String fileName) {
        return List.of(type, id, expiry, mediaType, fileName);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
