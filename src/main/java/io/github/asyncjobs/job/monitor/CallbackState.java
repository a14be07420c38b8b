package io.github.asyncjobs.job.monitor;

import java.net.URI;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The {@code callback} member of the status monitor: where the notification goes, how it stands, attempts so far. */
@RegisterForReflection
public record CallbackState(URI url, DeliveryStatus status, int attempts) {
}
