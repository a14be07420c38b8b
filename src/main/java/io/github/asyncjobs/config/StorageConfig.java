package io.github.asyncjobs.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import jakarta.validation.constraints.Pattern;

import org.hibernate.validator.constraints.time.DurationMin;

import io.smallrye.config.WithDefault;

public interface StorageConfig {
    Local local();

    /** How long accepts, cancels and readiness are answered 503 without trying once store writes have been failing. */
    @WithDefault("5s")
    @DurationMin(millis = 100)
    Duration breakerDelay();

    Blob blob();

    /** Azure Blob Storage, reached with Microsoft Entra ID only; in use when {@code endpoint} is set. */
    interface Blob {
        /** Blob service endpoint, e.g. {@code https://ACCOUNT.blob.core.windows.net}; HTTPS only. */
        Optional<URI> endpoint();

        @WithDefault("jobs")
        String container();

        /** Validity of each user delegation key; Azure allows at most 7 days. */
        @WithDefault("1d")
        @DurationMin(minutes = 1)
        Duration delegationKeyValidity();

        /** How far SAS and delegation key start times are backdated, for clocks that run behind. */
        @WithDefault("5m")
        @DurationMin(millis = 0)
        Duration clockSkew();

        /** Longest a storage call may take, retries included, before the client hears 503. */
        @WithDefault("10s")
        @DurationMin(millis = 100)
        Duration requestTimeout();
    }

    interface Local {
        /** Folder for the embedded database ({@code jobs.db}), results and the signing key of the embedded store. */
        @WithDefault("data")
        Path dataDir();

        /**
         * Durability of a commit to the embedded database. FULL: the write-ahead log is fsynced before a commit
         * returns, so an accepted job survives power loss (commits are grouped, one fsync for all writes waiting).
         * NORMAL: a commit survives the process being killed but not the machine losing power.
         */
        @WithDefault("FULL")
        @Pattern(regexp = "FULL|NORMAL")
        String synchronous();

        /** How long a write waits for the database's lock (another process holding it) before the store counts as unavailable. */
        @WithDefault("5s")
        @DurationMin(millis = 0)
        Duration lockTimeout();

        /**
         * Key for signing result URLs (base64, 32 bytes or more), e.g. from an environment variable; when absent,
         * the keys come from {@link #signingKeyFile()}, else from {@code <data dir>/signing.key}, made on first use.
         */
        Optional<String> signingKey();

        /** Keys that no longer sign but still verify, after a rotation, until the URLs they signed have expired. */
        Optional<List<String>> previousSigningKeys();

        /** A file of base64 keys, one a line (e.g. a mounted secret): the first signs, the others only verify. */
        Optional<Path> signingKeyFile();
    }
}
