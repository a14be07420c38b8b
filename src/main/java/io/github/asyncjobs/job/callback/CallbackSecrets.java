package io.github.asyncjobs.job.callback;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

import io.github.asyncjobs.config.JobsConfig;
import io.github.asyncjobs.job.JobOwner;

/**
 * The secret each caller's notifications are signed with, so that a receiver, which knows its caller's secret, cannot
 * sign events that another caller's receiver would take: derived from {@code jobs.callbacks.signing-secret} and the
 * caller (HMAC-SHA256 of the caller's tenant and object id), so nothing is stored and rotating the service's secret
 * rotates every caller's. An open service has one caller, whose secret is the service's own.
 */
@ApplicationScoped
public class CallbackSecrets {

    static final String PREFIX = "whsec_";
    private static final String PURPOSE = "async-jobs callback signing secret\n";

    private final Optional<byte[]> serviceKey;

    public CallbackSecrets(JobsConfig config) {
        this.serviceKey = config.callbacks().signingSecret().map(CallbackSecrets::decode);
    }

    /** The secret of {@code owner}'s notifications (null: an open service's caller), if notifications are signed. */
    public Optional<String> of(JobOwner owner) {
        return serviceKey.map(key -> PREFIX + Base64.getEncoder().encodeToString(owner == null ? key : derive(key, owner)));
    }

    /** @param secret base64 of the key, optionally prefixed {@code whsec_} (checked by the configuration) */
    static byte[] decode(String secret) {
        return Base64.getDecoder().decode(secret.startsWith(PREFIX) ? secret.substring(PREFIX.length()) : secret);
    }

    private static byte[] derive(byte[] key, JobOwner owner) {
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal((PURPOSE + owner).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
        }
    }
}
