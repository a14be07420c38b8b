package io.github.asyncjobs.testing.azure;

import java.time.OffsetDateTime;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.exception.ClientAuthenticationException;

import io.github.asyncjobs.testing.identity.TestTokens;

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
        return new AccessToken(TestTokens.accessToken("https://storage.azure.com", now), now.plus(TestTokens.LIFETIME));
    }
}
