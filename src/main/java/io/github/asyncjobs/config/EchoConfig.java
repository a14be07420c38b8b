package io.github.asyncjobs.config;

import io.smallrye.config.WithDefault;

/** The bundled {@code echo} job type, whose result is its input. */
public interface EchoConfig {
    /** Off unless enabled (on in the dev and test profiles): an open echo would host any file for anyone. */
    @WithDefault("false")
    boolean enabled();
}
