package io.github.asyncjobs.job.processing;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

import io.github.asyncjobs.config.JobsConfig;
import io.github.asyncjobs.job.lifecycle.JobMetrics;
import io.github.asyncjobs.job.queue.DeadLetter;
import io.github.asyncjobs.job.queue.HandBack;
import io.github.asyncjobs.job.queue.JobMessage;
import io.github.asyncjobs.job.queue.JobQueue;
import io.github.asyncjobs.job.queue.QueueMessageMetadata;
import io.github.asyncjobs.job.queue.RedeliveryDelay;
import io.github.asyncjobs.job.queue.StopReceiving;
import io.github.asyncjobs.job.store.JobRecords;
import io.github.asyncjobs.job.store.StoreUnavailableException;
import io.github.asyncjobs.telemetry.JobLogContext;
import io.github.asyncjobs.telemetry.SpanAttributes;
import io.github.asyncjobs.telemetry.TraceContextProperties;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;

/**
 * Runs queued jobs (competing consumers: any number of processes may run one), the message side of it: each delivery
 * goes to {@link JobRun}, and its {@link Outcome} settles the message. A message is acknowledged only once its job
 * reached a terminal state, so a crash at any point leads to redelivery; repeats are harmless because the record decides
 * what still needs doing. Each delivery is a consumer span in the trace the message carries (the accept's), with the
 * handler attempt and the store calls inside it.
 */
@ApplicationScoped
public class JobProcessor {

    private final JobRun jobs;
    private final HandlerAttempts attempts;
    private final JobRecords records;
    private final RetryPolicy retries;
    private final JobMetrics metrics;
    private final JobQueue queue;
    private final Tracer tracer;
    private final Duration storeOutageHold;
    private final Duration shutdownGrace;
    private final Event<StopReceiving> stopReceiving;
    /** Deliveries being processed now; shutdown waits for them. */
    private final InFlight inFlight = new InFlight();
    /** Set at shutdown: deliveries that arrive after it are handed back untouched. */
    private volatile boolean stopping;

    public JobProcessor(JobRun jobs, HandlerAttempts attempts, JobRecords records, RetryPolicy retries, JobMetrics metrics,
            JobQueue queue, Tracer tracer, JobsConfig config, Event<StopReceiving> stopReceiving,
            @ConfigProperty(name = "quarkus.shutdown.timeout") Optional<Duration> shutdownTimeout) {
        this.jobs = jobs;
        this.attempts = attempts;
        this.records = records;
        this.retries = retries;
        this.metrics = metrics;
        this.queue = queue;
        this.tracer = tracer;
        this.storeOutageHold = config.processor().storeOutageHold();
        this.shutdownGrace = shutdownTimeout.orElse(Duration.ZERO);
        this.stopReceiving = stopReceiving;
    }

    @Incoming(JobQueue.INCOMING)
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    @Blocking(value = "job-processor", ordered = false)
    public CompletionStage<Void> process(Message<byte[]> message) {
        inFlight.enter();
        try {
            // A failure returned to SmallRye ends the channel, and with it all processing: none may get out of here.
            return (stopping ? handBack(message) : processNow(message)).exceptionally(failure -> {
                Log.warnf("Could not settle a job message: %s", failure.getMessage());
                return null;
            });
        } catch (RuntimeException e) {
            Log.errorf(e, "Processing a job message failed unexpectedly; it will be delivered again");
            return redeliverAfterFailure(message, e);
        } finally {
            inFlight.leave();
        }
    }

    private CompletionStage<Void> processNow(Message<byte[]> message) {
        var job = JobQueue.read(message);
        if (job.isEmpty()) {
            Log.warn("Dead-lettering a message that carries no job");
            metrics.deadLettered("NotAJob");
            return message.nack(new IllegalArgumentException("not a job message"),
                    Metadata.of(new DeadLetter("NotAJob", "The message has no job id or job type")));
        }
        var span = consumerSpan(job.get(), message.getMetadata(QueueMessageMetadata.class).orElseThrow());
        try (var scope = span.makeCurrent(); var log = JobLogContext.open(job.get().jobId())) {
            return settle(message, job.get(), span);
        } finally {
            span.end();
        }
    }

    /** Continues the trace the message carries (parent and link), or starts one when it carries none. */
    private Span consumerSpan(JobMessage job, QueueMessageMetadata metadata) {
        var sent = TraceContextProperties.extract(metadata.properties());
        var builder = tracer.spanBuilder("process " + queue.destination())
                .setSpanKind(SpanKind.CONSUMER)
                .setParent(sent)
                .setAllAttributes(queue.messagingAttributes(metadata.messageId(), "process"))
                .setAttribute(SpanAttributes.JOB_TYPE, job.type())
                .setAttribute(SpanAttributes.JOB_DELIVERY_COUNT, (long) metadata.deliveryCount());
        if ("servicebus".equals(queue.system())) {
            builder.setAttribute(SpanAttributes.SERVICEBUS_DELIVERY_COUNT, (long) metadata.deliveryCount());
        }
        var sender = Span.fromContext(sent).getSpanContext();
        if (sender.isValid()) {
            builder.addLink(sender);
        }
        return builder.startSpan();
    }

    private CompletionStage<Void> settle(Message<byte[]> message, JobMessage job, Span span) {
        var holdUntil = Instant.now().plus(storeOutageHold);
        while (true) {
            try {
                return settle(message, jobs.run(job), span);
            } catch (StoreUnavailableException e) {
                if (attempts.handingBack()) {
                    return handBack(message);
                }
                if (!storeBackBefore(holdUntil, job, e)) {
                    Log.warnf("Store still unavailable while processing job %s; it will be redelivered: %s", job.jobId(), e.getMessage());
                    span.setAttribute(SpanAttributes.JOB_OUTCOME, "store-unavailable").setStatus(StatusCode.ERROR, "store unavailable");
                    return message.nack(e, Metadata.of(new RedeliveryDelay(retries.delayAfter(1))));
                }
            }
        }
    }

    /**
     * Holds the message (the broker keeps its lock renewed) while the store is unavailable, probing it with growing
     * pauses, instead of giving it back and burning a delivery per try: every processing slot that meets the outage
     * waits here, so the processor takes no new messages until the store is back.
     */
    private boolean storeBackBefore(Instant deadline, JobMessage job, StoreUnavailableException failure) {
        Log.warnf("Store unavailable while processing job %s; holding its message until the store is back: %s", job.jobId(),
                failure.getMessage());
        for (int probe = 1; Instant.now().isBefore(deadline) && !attempts.handingBack(); probe++) {
            try {
                Thread.sleep(retries.delayAfter(probe).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            try {
                records.checkAvailable();
                return true;
            } catch (StoreUnavailableException stillDown) {
                // probe again after a longer pause
            }
        }
        return false;
    }

    private CompletionStage<Void> settle(Message<byte[]> message, Outcome outcome, Span span) {
        if (outcome.handBack()) {
            span.setAttribute(SpanAttributes.JOB_OUTCOME, "handed-back");
            return handBack(message);
        }
        if (outcome.retryAfter() != null) {
            span.setAttribute(SpanAttributes.JOB_OUTCOME, "retry");
            return message.nack(new IllegalStateException("retrying"), Metadata.of(new RedeliveryDelay(outcome.retryAfter())));
        }
        span.setAttribute(SpanAttributes.JOB_OUTCOME, "complete");
        return message.ack();
    }

    private CompletionStage<Void> redeliverAfterFailure(Message<byte[]> message, RuntimeException failure) {
        try {
            return message.nack(failure, Metadata.of(new RedeliveryDelay(retries.delayAfter(1)))).exceptionally(e -> null);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(null);
        }
    }

    private static CompletionStage<Void> handBack(Message<byte[]> message) {
        return message.nack(new IllegalStateException("shutting down"), Metadata.of(new HandBack()));
    }

    /**
     * Graceful shutdown, before the channels close: take no more messages, let the attempts under way finish within
     * {@code quarkus.shutdown.timeout}, then interrupt the rest and hand their messages back (their attempt not counted),
     * so that another instance takes them at once.
     */
    void drain(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) ShutdownEvent event) {
        stopping = true;
        stopReceiving.fire(new StopReceiving());
        if (!inFlight.awaitNone(shutdownGrace)) {
            Log.warnf("%d job deliveries still running after the shutdown grace period (%s); handing them back", inFlight.count(),
                    shutdownGrace);
            attempts.handBackAll();
            inFlight.awaitNone(attempts.cancelCheckInterval().plusSeconds(5));
        }
    }
}
