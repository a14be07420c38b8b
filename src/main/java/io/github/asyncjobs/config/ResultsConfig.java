package io.github.asyncjobs.config;

import java.time.Duration;

import org.hibernate.validator.constraints.time.DurationMin;

import io.smallrye.config.WithDefault;

public interface ResultsConfig {
    /** How long a signed result URL stays valid. */
    @WithDefault("15m")
    @DurationMin(seconds = 1)
    Duration urlValidity();
}
