package io.github.asyncjobs.job.queue;

import org.eclipse.microprofile.reactive.messaging.Metadata;

import io.smallrye.common.vertx.VertxContext;
import io.smallrye.reactive.messaging.providers.locals.LocalContextMetadata;
import io.vertx.core.Context;

/**
 * Metadata of a delivered message, with a Vert.x context of its own (as Quarkus's own connectors give each message):
 * processing runs on it, so the message's trace and log MDC stay its own, also on worker threads.
 */
public final class DeliveryMetadata {

    private DeliveryMetadata() {
    }

    /** {@code root} is a context of the connector's, from which each delivery's duplicated context is made. */
    public static Metadata of(Context root, QueueMessageMetadata metadata) {
        return Metadata.of(metadata, new LocalContextMetadata(VertxContext.createNewDuplicatedContext(root)));
    }
}
