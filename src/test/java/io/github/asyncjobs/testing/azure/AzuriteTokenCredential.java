package io.github.asyncjobs.testing.azure;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.UUID;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.exception.ClientAuthenticationException;

import reactor.core.publisher.Mono;

/**
 * Test stand-in for DefaultAzureCredential: mints the Entra ID tokens Azurite accepts with {@code --oauth basic}
 * (v1 issuer, storage audience, oid and tid; Azurite does not check signatures). With
 * {@code test.azure.credential.fail=true} it fails like a managed identity that is not there.
 */
@Alternative
@Priority(1)
@Singleton
public class AzuriteTokenCredential implements TokenCredential {

    public static final String TENANT_ID = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    public static final String OBJECT_ID = UUID.nameUUIDFromBytes("async-jobs test identity".getBytes(StandardCharsets.UTF_8)).toString();

    private final boolean fail;

    public AzuriteTokenCredential(@ConfigProperty(name = "test.azure.credential.fail", defaultValue = "false") boolean fail) {
        this.fail = fail;
    }

    @Override
    public Mono<AccessToken> getToken(TokenRequestContext request) {
        return Mono.fromSupplier(() -> getTokenSync(request));
    }

    @Override
    public AccessToken getTokenSync(TokenRequestContext request) {
        if (fail) {
            throw new ClientAuthenticationException("test: no managed identity is available", null);
        }
        var now = OffsetDateTime.now();
        var expiry = now.plus(Duration.ofHours(1));
        var payload = "{\"aud\":\"https://storage.azure.com\",\"iss\":\"https://sts.windows.net/" + TENANT_ID + "/\""
                + ",\"iat\":" + now.minusMinutes(5).toEpochSecond() + ",\"nbf\":" + now.minusMinutes(5).toEpochSecond()
                + ",\"exp\":" + expiry.toEpochSecond() + ",\"oid\":\"" + OBJECT_ID + "\",\"tid\":\"" + TENANT_ID + "\"}";
        return new AccessToken(base64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + base64(payload) + ".", expiry);
    }

    private static String base64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
