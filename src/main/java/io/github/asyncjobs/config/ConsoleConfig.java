package io.github.asyncjobs.config;

import java.util.Optional;

/** The web console at /console/ (docs/console.md). */
public interface ConsoleConfig {
    /**
     * The client id of the console's own app registration in Entra ID (a single-page application whose redirect URI is
     * {@code <this service>/console/}), with which users sign in when {@code jobs.auth.enabled}; without it the console
     * says that sign-in is not set up.
     */
    Optional<String> clientId();
}
