package io.github.asyncjobs.config;

import io.smallrye.config.WithDefault;

public interface AcceptorConfig {
    /** Whether this process accepts jobs over HTTP. */
    @WithDefault("true")
    boolean enabled();
}
