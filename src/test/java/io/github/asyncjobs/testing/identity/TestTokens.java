package io.github.asyncjobs.testing.identity;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.UUID;

/**
 * Entra ID access tokens as the local stand-ins accept them: Azurite with {@code --oauth basic} wants a v1 issuer, its
 * audience, {@code oid} and {@code tid}, and checks no signature (so the tokens are unsigned, {@code alg: none}).
 */
public final class TestTokens {

    public static final String TENANT_ID = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    public static final String OBJECT_ID = UUID.nameUUIDFromBytes("async-jobs test identity".getBytes(StandardCharsets.UTF_8)).toString();
    public static final Duration LIFETIME = Duration.ofHours(1);

    private TestTokens() {
    }

    /** A token for {@code audience} (e.g. https://storage.azure.com), valid from 5 minutes ago for {@link #LIFETIME}. */
    public static String accessToken(String audience, OffsetDateTime now) {
        var payload = "{\"aud\":\"" + audience + "\",\"iss\":\"https://sts.windows.net/" + TENANT_ID + "/\""
                + ",\"iat\":" + now.minusMinutes(5).toEpochSecond() + ",\"nbf\":" + now.minusMinutes(5).toEpochSecond()
                + ",\"exp\":" + now.plus(LIFETIME).toEpochSecond() + ",\"oid\":\"" + OBJECT_ID + "\",\"tid\":\"" + TENANT_ID + "\"}";
        return base64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + base64(payload) + ".";
    }

    private static String base64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
