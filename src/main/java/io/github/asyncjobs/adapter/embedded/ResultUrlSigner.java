package io.github.asyncjobs.adapter.embedded;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.github.asyncjobs.job.store.StoreUnavailableException;
import io.quarkus.logging.Log;

/**
 * Signs and checks the embedded store's result URLs with HMAC-SHA256, the way a SAS signs Azure blob URLs:
 * the signature covers the blob, the expiry and the response headers, so none can be changed.
 */
final class ResultUrlSigner {

    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    ResultUrlSigner(byte[] key) {
        if (key.length < 32) {
            throw new IllegalArgumentException("The result URL signing key must have at least 32 bytes");
        }
        this.key = new SecretKeySpec(key, ALGORITHM);
    }

    /** The configured key, or the one kept in {@code keyFile}, made on first use so that URLs survive restarts. */
    static ResultUrlSigner fromConfigOrFile(Optional<String> configured, Path keyFile) {
        if (configured.isPresent()) {
            return new ResultUrlSigner(Base64.getDecoder().decode(configured.get().trim()));
        }
        try {
            if (!Files.exists(keyFile)) {
                var generated = new byte[32];
                new SecureRandom().nextBytes(generated);
                LocalFiles.write(keyFile, Base64.getEncoder().encode(generated));
            }
            try {
                return new ResultUrlSigner(Base64.getDecoder().decode(Files.readString(keyFile).trim()));
            } catch (IllegalArgumentException | CharacterCodingException torn) {
                // Torn or damaged: moved aside, and a new key made. URLs signed with the old one fail, as an expired one does.
                var aside = keyFile.resolveSibling(keyFile.getFileName() + ".damaged-" + Instant.now().toEpochMilli());
                Files.move(keyFile, aside);
                Log.warnf("The result URL signing key %s is damaged (%s); moved it to %s and made a new one: result URLs"
                        + " handed out before now no longer work (a new status request gives a new one)", keyFile, torn.getMessage(), aside);
                return fromConfigOrFile(configured, keyFile);
            }
        } catch (IOException e) {
            throw new StoreUnavailableException("Cannot read the signing key " + keyFile, e);
        }
    }

    String sign(List<String> fields) {
        try {
            var mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            var digest = mac.doFinal(String.join("\n", fields).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Every Java platform has " + ALGORITHM, e);
        }
    }

    boolean verify(List<String> fields, String signature) {
        return signature != null && MessageDigest.isEqual(
                sign(fields).getBytes(StandardCharsets.US_ASCII), signature.getBytes(StandardCharsets.US_ASCII));
    }
}
