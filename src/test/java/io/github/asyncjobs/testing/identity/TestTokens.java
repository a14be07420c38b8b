package io.github.asyncjobs.testing.identity;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.UUID;

/**
 * Entra ID access tokens as the local stand-ins accept them: Azurite with {@code --oauth basic} wants a v1 issuer, its
 * audience, {@code oid} and {@code tid}, and checks no signature (so the tokens are unsigned, {@code alg: none}); the
 * strict stand-ins read the {@code oid} to look up the roles of the identity.
 */
public final class TestTokens {

    public static final String TENANT_ID = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    /** The identity of a service run in-process by the tests (its test-only credential mints tokens for it). */
    public static final String OBJECT_ID = UUID.nameUUIDFromBytes("async-jobs test identity".getBytes(StandardCharsets.UTF_8)).toString();
    public static final Duration LIFETIME = Duration.ofHours(1);

    private TestTokens() {
    }

    /** A token of {@link #OBJECT_ID} for {@code audience} (e.g. https://storage.azure.com). */
    public static String accessToken(String audience, OffsetDateTime now) {
        return accessToken(audience, OBJECT_ID, now);
    }

    /** A token of {@code objectId} for {@code audience}, valid from 5 minutes ago for {@link #LIFETIME}. */
    public static String accessToken(String audience, String objectId, OffsetDateTime now) {
        var payload = "{\"aud\":\"" + audience + "\",\"iss\":\"https://sts.windows.net/" + TENANT_ID + "/\""
                + ",\"iat\":" + now.minusMinutes(5).toEpochSecond() + ",\"nbf\":" + now.minusMinutes(5).toEpochSecond()
                + ",\"exp\":" + now.plus(LIFETIME).toEpochSecond() + ",\"oid\":\"" + objectId + "\",\"tid\":\"" + TENANT_ID + "\"}";
        return base64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + base64(payload) + ".";
    }

    private static String base64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
