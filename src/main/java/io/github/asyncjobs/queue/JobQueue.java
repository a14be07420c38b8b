package io.github.asyncjobs.queue;

import java.util.HashMap;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

import io.github.asyncjobs.config.JobsConfig;

/**
 * Sends jobs to the {@value #OUTGOING} channel and reads them back from {@value #INCOMING} messages.
 * Which broker backs the channels is configuration (see application.properties).
 */
@ApplicationScoped
public class JobQueue {

    public static final String OUTGOING = "jobs-out";
    public static final String INCOMING = "jobs-in";

    private final Emitter<byte[]> emitter;
    private final JobsConfig config;

    public JobQueue(@Channel(OUTGOING) Emitter<byte[]> emitter, JobsConfig config) {
        this.emitter = emitter;
        this.config = config;
    }

    /** Completes when the broker has taken the message; fails when it could not. */
    public CompletionStage<Void> send(JobMessage job) {
        var properties = new HashMap<>(job.properties());
        properties.put(JobMessage.TYPE_PROPERTY, job.type());
        var metadata = QueueMessageMetadata.outgoing(job.jobId().toString(), "application/json", properties,
                config.timeToLive());
        var done = new CompletableFuture<Void>();
        emitter.send(Message.of(job.input(), Metadata.of(metadata),
                () -> {
                    done.complete(null);
                    return CompletableFuture.completedFuture(null);
                },
                failure -> {
                    done.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                }));
        return done;
    }

    /** The job a delivered message carries, or empty when the message is not one of ours. */
    public static Optional<JobMessage> read(Message<byte[]> message) {
        return message.getMetadata(QueueMessageMetadata.class)
                .filter(m -> m.properties().containsKey(JobMessage.TYPE_PROPERTY))
                .flatMap(m -> parseId(m.messageId()).map(id -> new JobMessage(id, m.properties().get(JobMessage.TYPE_PROPERTY),
                        message.getPayload(), m.properties())));
    }

    private static Optional<UUID> parseId(String messageId) {
        try {
            return Optional.of(UUID.fromString(messageId));
        } catch (IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }
}
