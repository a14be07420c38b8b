package io.github.asyncjobs.adapter.embedded;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.github.asyncjobs.config.StorageConfig;
import io.github.asyncjobs.job.store.StoreUnavailableException;
import io.quarkus.logging.Log;

/**
 * Signs and checks the embedded store's result URLs with HMAC-SHA256, the way a SAS signs Azure blob URLs:
 * the signature covers the blob, the expiry and the response headers, so none can be changed. Keys rotate: the first
 * key signs, and the others still verify, so URLs handed out before a rotation work until they expire.
 */
final class ResultUrlSigner {

    private static final String ALGORITHM = "HmacSHA256";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final List<SecretKeySpec> keys;

    /** @param keys the signing key first, then keys that only verify */
    ResultUrlSigner(List<byte[]> keys) {
        if (keys.isEmpty() || keys.stream().anyMatch(key -> key.length < 32)) {
            throw new IllegalArgumentException("Every result URL signing key must have at least 32 bytes");
        }
        this.keys = keys.stream().map(key -> new SecretKeySpec(key, ALGORITHM)).toList();
    }

    /**
     * The keys from the settings ({@code signing-key} and {@code previous-signing-keys}, e.g. from environment
     * variables), else from the key file ({@code signing-key-file}, e.g. a mounted secret, or {@code <data dir>/signing.key},
     * made owner-read-only on first use so that URLs survive restarts): one base64 key per line, the first signs.
     */
    static ResultUrlSigner from(StorageConfig.Local settings) {
        if (settings.signingKey().isPresent()) {
            var keys = new ArrayList<String>();
            keys.add(settings.signingKey().get());
            settings.previousSigningKeys().ifPresent(keys::addAll);
            return new ResultUrlSigner(decode(keys));
        }
        if (settings.signingKeyFile().isPresent()) {
            try {
                return new ResultUrlSigner(decode(Files.readAllLines(settings.signingKeyFile().get())));
            } catch (IOException e) {
                throw new IllegalStateException("Cannot read the signing key file " + settings.signingKeyFile().get(), e);
            }
        }
        return fromDataDir(settings.dataDir().resolve("signing.key"));
    }

    private static ResultUrlSigner fromDataDir(Path keyFile) {
        try {
            if (!Files.exists(keyFile)) {
                var generated = new byte[32];
                new SecureRandom().nextBytes(generated);
                LocalFiles.write(keyFile, Base64.getEncoder().encode(generated), OWNER_ONLY);
            }
            try {
                return new ResultUrlSigner(decode(Files.readAllLines(keyFile)));
            } catch (IllegalArgumentException | CharacterCodingException torn) {
                // Torn or damaged: moved aside, and a new key made. URLs signed with the old one fail, as an expired one does.
                var aside = keyFile.resolveSibling(keyFile.getFileName() + ".damaged-" + Instant.now().toEpochMilli());
                Files.move(keyFile, aside);
                Log.warnf("The result URL signing key %s is damaged (%s); moved it to %s and made a new one: result URLs"
                        + " handed out before now no longer work (a new status request gives a new one)", keyFile, torn.getMessage(), aside);
                return fromDataDir(keyFile);
            }
        } catch (IOException e) {
            throw new StoreUnavailableException("Cannot read the signing key " + keyFile, e);
        }
    }

    private static List<byte[]> decode(List<String> lines) {
        return lines.stream().map(String::trim).filter(line -> !line.isEmpty()).map(Base64.getDecoder()::decode).toList();
    }

    String sign(List<String> fields) {
        return sign(keys.get(0), fields);
    }

    boolean verify(List<String> fields, String signature) {
        if (signature == null) {
            return false;
        }
        var offered = signature.getBytes(StandardCharsets.US_ASCII);
        return keys.stream().anyMatch(key -> MessageDigest.isEqual(sign(key, fields).getBytes(StandardCharsets.US_ASCII), offered));
    }

    private static String sign(SecretKeySpec key, List<String> fields) {
        try {
            var mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            var digest = mac.doFinal(String.join("\n", fields).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Every Java platform has " + ALGORITHM, e);
        }
    }
}
