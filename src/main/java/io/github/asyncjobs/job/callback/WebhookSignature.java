package io.github.asyncjobs.job.callback;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs a notification as Standard Webhooks (standardwebhooks.com) specifies, so that receivers can verify it with one
 * of its libraries or a few lines of their own (docs/api.md#verifying-the-signature): {@code webhook-signature: v1,<base64
 * of HMAC-SHA256(key, "<webhook-id>.<webhook-timestamp>.<body>")>}, with the event id as {@code webhook-id} and the
 * attempt's time in Unix seconds as {@code webhook-timestamp}, which lets a receiver refuse old replays.
 */
final class WebhookSignature {

    static final String ID = "webhook-id";
    static final String TIMESTAMP = "webhook-timestamp";
    static final String SIGNATURE = "webhook-signature";

    private final SecretKeySpec key;

    /** @param secret base64 of the key, optionally prefixed {@code whsec_} (checked by the configuration) */
    WebhookSignature(String secret) {
        this.key = new SecretKeySpec(CallbackSecrets.decode(secret), "HmacSHA256");
    }

    Map<String, String> headers(String id, Instant at, byte[] body) {
        var timestamp = Long.toString(at.getEpochSecond());
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            var signature = Base64.getEncoder().encodeToString(mac.doFinal(body));
            return Map.of(ID, id, TIMESTAMP, timestamp, SIGNATURE, "v1," + signature);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
        }
    }
}
