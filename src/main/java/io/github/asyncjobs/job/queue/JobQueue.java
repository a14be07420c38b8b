package io.github.asyncjobs.job.queue;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.eclipse.microprofile.reactive.messaging.spi.ConnectorLiteral;

import io.github.asyncjobs.config.JobsConfig;
import io.github.asyncjobs.telemetry.DependencyCalls;
import io.github.asyncjobs.telemetry.SpanAttributes;
import io.github.asyncjobs.telemetry.TraceContextProperties;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;

/**
 * Sends jobs to the {@value #OUTGOING} channel and reads them back from {@value #INCOMING} messages.
 * Which broker backs the channels is configuration (see application.properties). Every send is a producer
 * span whose context travels in the message, so that processing continues the same trace.
 */
@ApplicationScoped
public class JobQueue {

    public static final String OUTGOING = "jobs-out";
    public static final String INCOMING = "jobs-in";

    /**
     * Bytes of a message kept free for what is added as it is sent: the trace context of the send and what the broker's
     * SDK adds (its own trace headers, annotations, the batch envelope).
     */
    static final int SEND_RESERVE_BYTES = 1024;

    private final Emitter<byte[]> emitter;
    private final JobsConfig config;
    private final DependencyCalls calls;
    private final Instance<MessageSizeLimit> sizeLimits;

    public JobQueue(@Channel(OUTGOING) Emitter<byte[]> emitter, JobsConfig config, DependencyCalls calls,
            @Any Instance<MessageSizeLimit> sizeLimits) {
        this.emitter = emitter;
        this.config = config;
        this.calls = calls;
        this.sizeLimits = sizeLimits;
    }

    /**
     * Refuses a job whose message would be larger than the queue takes, before anything of it is kept.
     *
     * @throws QueueRefusedException naming the limit, when it would not fit
     */
    public void ensureFits(JobMessage job) {
        var connector = sizeLimits.select(ConnectorLiteral.of(config.queue().connector()));
        if (!connector.isResolvable()) {
            return;
        }
        var limit = connector.get().limit(destination());
        if (limit.isEmpty()) {
            return;
        }
        long size = connector.get().size(metadata(job, job.properties()), job.input()) + SEND_RESERVE_BYTES;
        if (size > limit.getAsLong()) {
            throw QueueRefusedException.tooLarge(String.format("The job's message would take about %,d bytes (its input and"
                    + " what goes with it); the queue takes at most %,d bytes per message. Send a smaller input, or keep a"
                    + " large one elsewhere and pass its address", size, limit.getAsLong()), limit, null);
        }
    }

    /**
     * A job's message ready to go: the producer span of its send is open (end it with {@code call.end}), and the
     * metadata's properties carry that span's context, so that processing continues the trace.
     */
    public record Outgoing(QueueMessageMetadata metadata, byte[] body, DependencyCalls.Call call) {
    }

    /** Opens the send of {@code job}: for senders that queue the message themselves rather than through the channel. */
    public Outgoing prepare(JobMessage job) {
        var call = calls.start(DependencyCalls.QUEUE, "send", "send " + destination(), SpanKind.PRODUCER,
                messagingAttributes(job.messageId(), "send").toBuilder().put(SpanAttributes.JOB_TYPE, job.type()).build());
        var properties = new HashMap<>(job.properties());
        TraceContextProperties.inject(call.context(), properties);
        return new Outgoing(metadata(job, properties), job.input(), call);
    }

    private QueueMessageMetadata metadata(JobMessage job, Map<String, String> properties) {
        var withType = new HashMap<>(properties);
        withType.put(JobMessage.TYPE_PROPERTY, job.type());
        return QueueMessageMetadata.outgoing(job.messageId(), "application/json", withType, config.timeToLive(), job.notBefore());
    }

    /** Sends through the channel; completes when the broker has taken the message, fails when it could not. */
    public CompletionStage<Void> send(JobMessage job) {
        var outgoing = prepare(job);
        var done = new CompletableFuture<Void>();
        try (var scope = outgoing.call().context().makeCurrent()) {
            emitter.send(Message.of(outgoing.body(), Metadata.of(outgoing.metadata()),
                    () -> {
                        done.complete(null);
                        return CompletableFuture.completedFuture(null);
                    },
                    failure -> {
                        done.completeExceptionally(failure);
                        return CompletableFuture.completedFuture(null);
                    }));
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
        }
        return done.whenComplete((sent, failure) -> outgoing.call().end(failure));
    }

    /** The attributes of a span about one message, as the messaging semantic conventions name them. */
    public Attributes messagingAttributes(String messageId, String operationType) {
        return Attributes.builder()
                .put(SpanAttributes.MESSAGING_SYSTEM, system())
                .put(SpanAttributes.MESSAGING_DESTINATION, destination())
                .put(SpanAttributes.MESSAGING_OPERATION_TYPE, operationType)
                .put(SpanAttributes.MESSAGING_MESSAGE_ID, messageId)
                .put(SpanAttributes.JOB_ID, JobMessage.parseId(messageId).map(id -> id.jobId().toString()).orElse(messageId))
                .build();
    }

    /** The broker, as {@code messaging.system} names it. */
    public String system() {
        return isServiceBus() ? "servicebus" : config.queue().connector();
    }

    /** The queue's name. */
    public String destination() {
        return isServiceBus() ? config.queue().servicebus().queueName() : config.queue().embedded().queueName();
    }

    private boolean isServiceBus() {
        return "azure-servicebus".equals(config.queue().connector());
    }

    /** The job a delivered message carries, or empty when the message is not one of ours. */
    public static Optional<JobMessage> read(Message<byte[]> message) {
        return message.getMetadata(QueueMessageMetadata.class)
                .filter(m -> m.properties().containsKey(JobMessage.TYPE_PROPERTY))
                .flatMap(m -> JobMessage.parseId(m.messageId()).map(id -> new JobMessage(id.jobId(),
                        m.properties().get(JobMessage.TYPE_PROPERTY), message.getPayload(), m.properties(), id.round())));
    }
}
