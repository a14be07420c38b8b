package io.github.asyncjobs.api;

import java.net.URI;
import java.util.List;
import java.util.Optional;

import io.github.asyncjobs.config.JobsConfig;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * How the console signs users in, from the service's own settings: the console's app registration, the authority
 * (the issuer without its {@code /v2.0}), the API's scope. Empty on an open service.
 */
@RegisterForReflection
record ConsoleSettings(boolean signInRequired, Optional<SignIn> signIn) {

    /** What MSAL.js is configured with. */
    @RegisterForReflection
    record SignIn(String clientId, String authority, List<String> knownAuthorities, List<String> scopes) {
    }

    static ConsoleSettings of(JobsConfig config) {
        var auth = config.auth();
        if (!auth.required()) {
            return new ConsoleSettings(false, Optional.empty());
        }
        var signIn = config.console().clientId().flatMap(clientId -> auth.issuer().map(issuer -> {
            var authority = issuer.toString().replaceFirst("/v2\\.0/?$", "");
            var scopes = auth.audience().orElse(List.of()).stream().limit(1).map(audience -> audience + "/.default").toList();
            return new SignIn(clientId, authority, List.of(issuer.getAuthority()), scopes);
        }));
        return new ConsoleSettings(true, signIn);
    }

    /** The origin the console's sign-in talks to (its token endpoint), which its content policy must let it reach. */
    Optional<String> signInOrigin() {
        return signIn.map(s -> URI.create(s.authority())).map(authority -> authority.getScheme() + "://" + authority.getRawAuthority());
    }
}
