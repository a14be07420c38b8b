package io.github.asyncjobs.config;

import java.net.URI;
import java.util.List;
import java.util.Optional;

import jakarta.validation.constraints.NotBlank;

/**
 * Who may call the jobs API (docs/security.md): bearer tokens from Microsoft Entra ID (or any OpenID Connect
 * issuer), checked by quarkus-oidc; the quarkus.oidc settings in application.properties take these values.
 */
public interface AuthConfig {
    /**
     * Whether {@code /api/jobs} needs a bearer token. Unset means open, which the prod profile refuses once Azure
     * settings are present: set it to false there only deliberately (e.g. behind Container Apps authentication).
     */
    Optional<Boolean> enabled();

    /** The token issuer, e.g. {@code https://login.microsoftonline.com/<tenant id>/v2.0}; keys come by OIDC discovery. */
    Optional<URI> issuer();

    /** Audiences a token may be for: the API's application id URI and/or its client id. */
    Optional<List<@NotBlank String>> audience();

    /** Whether callers must prove who they are. */
    default boolean required() {
        return enabled().orElse(false);
    }
}
