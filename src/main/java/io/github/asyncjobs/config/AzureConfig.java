package io.github.asyncjobs.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import io.smallrye.config.WithDefault;

/** What the Azure adapters share. */
public interface AzureConfig {
    /**
     * Connections the shared HTTP client (Blob Storage, Entra ID tokens) keeps per host. Vert.x's default of 5 makes
     * every request beyond the fifth wait for a connection; one instance under load needs tens.
     */
    @WithDefault("64")
    @Min(1)
    @Max(1024)
    int httpPoolSize();
}
