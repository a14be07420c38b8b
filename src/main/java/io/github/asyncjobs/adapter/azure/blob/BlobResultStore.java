package io.github.asyncjobs.adapter.azure.blob;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import com.azure.core.util.Context;
import com.azure.storage.blob.models.UserDelegationKey;
import com.azure.storage.blob.sas.BlobSasPermission;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;
import com.azure.storage.common.sas.SasProtocol;

import io.github.asyncjobs.config.JobsConfig;
import io.github.asyncjobs.job.Job;
import io.github.asyncjobs.job.ResultFile;
import io.github.asyncjobs.job.store.ResultStore;

/**
 * Results as blobs ({@code results/<type>/<id>}), handed out as read-only, single-blob, HTTPS-only URLs
 * with a user-delegation SAS: signed with a key obtained through Entra ID, never with an account key.
 */
public final class BlobResultStore implements ResultStore {

    private final BlobContainer container;
    private final UserDelegationKeyCache keys;
    private final Duration clockSkew;
    private final Clock clock;

    BlobResultStore(BlobContainer container, JobsConfig config, Clock clock) {
        var blob = config.storage().blob();
        this.container = container;
        this.clockSkew = blob.clockSkew();
        this.clock = clock;
        this.keys = new UserDelegationKeyCache(this::fetchKey, blob.delegationKeyValidity(), blob.clockSkew(),
                config.results().urlValidity(), clock);
    }

    @Override
    public void put(Job job, ResultFile file, byte[] content) {
        container.write(name(job), content, file.mediaType(), null);
    }

    @Override
    public void delete(Job job) {
        container.delete(name(job), null);
    }

    @Override
    public URI signedUrl(Job job, Duration validity) {
        var key = keys.key();
        var now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        var expiry = earliest(now.plus(validity), key.getSignedExpiry());
        var values = new BlobServiceSasSignatureValues(expiry, new BlobSasPermission().setReadPermission(true))
                .setStartTime(now.minus(clockSkew))
                .setProtocol(SasProtocol.HTTPS_ONLY)
                .setContentType(job.result().mediaType())
                .setContentDisposition("attachment; filename=\"" + job.result().fileName() + "\"");
        var blob = container.blob(name(job));
        return URI.create(blob.getBlobUrl() + "?" + blob.generateUserDelegationSas(values, key));
    }

    @Override
    public void checkAvailable() {
        container.checkAvailable();
    }

    private UserDelegationKey fetchKey(OffsetDateTime start, OffsetDateTime expiry) {
        return BlobContainer.call(() -> container.service()
                .getUserDelegationKeyWithResponse(start, expiry, container.timeout(), Context.NONE).getValue());
    }

    private static OffsetDateTime earliest(OffsetDateTime a, OffsetDateTime b) {
        return a.isBefore(b) ? a : b;
    }

    private static String name(Job job) {
        return "results/" + job.type() + "/" + job.id();
    }
}
