package io.github.asyncjobs.api;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;

import org.eclipse.microprofile.config.ConfigProvider;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.github.asyncjobs.config.JobsConfig;
import io.github.asyncjobs.job.JobOwner;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * Finds out who calls. quarkus-oidc checks the bearer token (signature against the issuer's keys, issuer, audience,
 * expiry) when the identity is first asked for (authentication is not proactive, so that a bad token becomes a
 * problem document here rather than a bare 401 below the REST layer).
 */
@ApplicationScoped
public class Callers {

    private final CurrentIdentityAssociation identities;
    private final boolean required;

    public Callers(CurrentIdentityAssociation identities, JobsConfig config) {
        this.identities = identities;
        this.required = config.auth().required();
    }

    /** One line at start-up that says whether anyone may call, and from where. */
    void announce(@Observes StartupEvent event, JobsConfig config) {
        if (required) {
            Log.infof("Jobs API: bearer tokens from %s for %s required", config.auth().issuer().orElseThrow(),
                    String.join(" or ", config.auth().audience().orElseThrow()));
        } else {
            Log.warnf("Jobs API: open, without authentication (jobs.auth.enabled is not true); listening on %s only",
                    ConfigProvider.getConfig().getOptionalValue("quarkus.http.host", String.class).orElse("all interfaces"));
        }
    }

    /** The caller, without blocking: for endpoints on the event loop. */
    Uni<Caller> current() {
        if (!required) {
            return Uni.createFrom().item(Caller.OPEN);
        }
        return identities.getDeferredIdentity().map(Callers::caller);
    }

    /** The caller, for endpoints on worker threads. */
    Caller currentBlocking() {
        return required ? caller(identities.getDeferredIdentity().await().indefinitely()) : Caller.OPEN;
    }

    private static Caller caller(SecurityIdentity identity) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            throw new NotAuthenticatedException();
        }
        // azp in v2.0 tokens, appid in v1.0: the client application the caller signed in with.
        var clientId = Optional.ofNullable(token.<String>getClaim("azp")).or(() -> Optional.ofNullable(token.<String>getClaim("appid")));
        return Caller.authenticated(owner(token), clientId, identity.getRoles(), appRoles(token).contains(Caller.MANAGE));
    }

    /**
     * The token's app roles ({@code roles}), as against its delegated scopes ({@code scp}): a scope is something any user
     * of the tenant may consent to for themselves unless an admin restricts it, an app role is assigned.
     */
    private static Set<String> appRoles(JsonWebToken token) {
        Object claim = token.getClaim("roles");
        if (claim instanceof JsonArray array) {
            return array.stream().filter(JsonString.class::isInstance).map(value -> ((JsonString) value).getString())
                    .collect(Collectors.toUnmodifiableSet());
        }
        if (claim instanceof Collection<?> values) {
            return values.stream().map(String::valueOf).collect(Collectors.toUnmodifiableSet());
        }
        return claim instanceof String single ? Set.of(single) : Set.of();
    }

    /** {@code tid}/{@code oid} from Entra ID; the issuer and subject from another OpenID Connect provider. */
    private static JobOwner owner(JsonWebToken token) {
        var tenant = Optional.ofNullable(token.<String>getClaim("tid")).orElse(token.getIssuer());
        var object = Optional.ofNullable(token.<String>getClaim("oid")).orElse(token.getSubject());
        if (tenant == null || object == null) {
            throw new NotAuthenticatedException();
        }
        return new JobOwner(tenant, object);
    }

    /** No token, or one that names nobody: answered 401 with a Bearer challenge. */
    static final class NotAuthenticatedException extends RuntimeException {
        NotAuthenticatedException() {
            super(null, null, false, false);
        }
    }
}
