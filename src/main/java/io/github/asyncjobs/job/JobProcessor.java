package io.github.asyncjobs.job;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PreDestroy;
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

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.asyncjobs.config.JobsConfig;
import io.github.asyncjobs.job.queue.DeadLetter;
import io.github.asyncjobs.job.queue.HandBack;
import io.github.asyncjobs.job.queue.JobMessage;
import io.github.asyncjobs.job.queue.JobQueue;
import io.github.asyncjobs.job.queue.QueueMessageMetadata;
import io.github.asyncjobs.job.queue.RedeliveryDelay;
import io.github.asyncjobs.job.queue.StopReceiving;
import io.github.asyncjobs.job.spi.InvalidJobException;
import io.github.asyncjobs.job.spi.JobFailedException;
import io.github.asyncjobs.job.store.JobRecords;
import io.github.asyncjobs.job.store.ResultStore;
import io.github.asyncjobs.job.store.StoreUnavailableException;
import io.github.asyncjobs.telemetry.JobLogContext;
import io.github.asyncjobs.telemetry.SpanAttributes;
import io.github.asyncjobs.telemetry.TraceContextProperties;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;

/**
 * Runs queued jobs (competing consumers: any number of processes may run one). A message is
 * acknowledged only once its job reached a terminal state, so a crash at any point leads to
 * redelivery; repeats are harmless because the record decides what still needs doing. Each delivery is a consumer
 * span in the trace the message carries (the accept's), with the handler attempt and the store calls inside it.
 */
@ApplicationScoped
public class JobProcessor {

    private static final Outcome DONE = new Outcome(null, false);
    private static final Outcome HAND_BACK = new Outcome(null, true);

    private final JobRecords records;
    private final ResultStore results;
    private final JobHandlers handlers;
    private final RetryPolicy retries;
    private final JobMetrics metrics;
    private final JobEndings endings;
    private final ObjectMapper mapper;
    private final JobQueue queue;
    private final Tracer tracer;
    private final Duration attemptTimeout;
    private final Duration storeOutageHold;
    private final Duration cancelCheckInterval;
    private final Duration shutdownGrace;
    private final Event<StopReceiving> stopReceiving;
    /** Deliveries being processed now; shutdown waits for them. */
    private final InFlight inFlight = new InFlight();
    /** Set at shutdown: deliveries that arrive after it are handed back untouched. */
    private volatile boolean stopping;
    /** Set when the shutdown grace period is over: attempts still running are interrupted and handed back. */
    private volatile boolean handingBack;
    /**
     * Attempt threads: bounded, at twice the processing slots, since a handler that ignores its interrupt after a
     * timeout or a cancel keeps its thread; beyond that, attempts wait for a retry instead of piling up threads.
     */
    private final ThreadPoolExecutor attempts;

    public JobProcessor(JobRecords records, ResultStore results, JobHandlers handlers, RetryPolicy retries,
            JobMetrics metrics, JobEndings endings, ObjectMapper mapper, JobQueue queue, Tracer tracer, JobsConfig config,
            Event<StopReceiving> stopReceiving, @ConfigProperty(name = "quarkus.shutdown.timeout") Optional<Duration> shutdownTimeout) {
        this.records = records;
        this.results = results;
        this.handlers = handlers;
        this.retries = retries;
        this.metrics = metrics;
        this.endings = endings;
        this.mapper = mapper;
        this.queue = queue;
        this.tracer = tracer;
        this.attemptTimeout = config.processor().attemptTimeout();
        this.storeOutageHold = config.processor().storeOutageHold();
        this.cancelCheckInterval = config.processor().cancelCheckInterval();
        this.shutdownGrace = shutdownTimeout.orElse(Duration.ZERO);
        this.stopReceiving = stopReceiving;
        this.attempts = new ThreadPoolExecutor(0, 2 * config.processor().concurrency(), 60, TimeUnit.SECONDS,
                new SynchronousQueue<>(), runnable -> {
                    var thread = new Thread(runnable, "job-attempt");
                    thread.setDaemon(true);
                    return thread;
                });
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
                return settle(message, run(job), span);
            } catch (StoreUnavailableException e) {
                if (handingBack) {
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
        for (int probe = 1; Instant.now().isBefore(deadline) && !handingBack; probe++) {
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

    /** Puts where the job stands on the span of its delivery. */
    private static Job traced(Job job) {
        Span.current().setAttribute(SpanAttributes.JOB_STATUS, job.status().name())
                .setAttribute(SpanAttributes.JOB_ATTEMPT, (long) job.attempts());
        return job;
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
     * What becomes of a message: acknowledged ({@link #DONE}: the job finished, failed included, or needs nothing),
     * delivered again after a delay, or handed back at shutdown ({@link #HAND_BACK}).
     */
    private record Outcome(Duration retryAfter, boolean handBack) {

        static Outcome retryAfter(Duration delay) {
            return new Outcome(delay, false);
        }
    }

    /** Takes the job as far as it can go now. */
    private Outcome run(JobMessage message) {
        var current = records.find(message.jobId());
        if (current.isEmpty()) {
            Log.warnf("No record for job %s; dropping its message", message.jobId());
            return DONE;
        }
        traced(current.get());
        if (current.get().isTerminal()) {
            return DONE;
        }
        if (!retries.mayRetry(current.get().attempts())) {
            return fail(current.get().id(), message, new JobError("AttemptsExhausted",
                    "The job did not finish within " + current.get().attempts() + " attempts"));
        }
        var started = traced(records.update(message.jobId(),
                job -> job.status().canMoveTo(JobStatus.Running) ? job.startAttempt(Instant.now()) : job).orElseThrow());
        if (started.status() != JobStatus.Running) {
            return DONE;
        }
        if (started.attempts() == 1) {
            metrics.queueWait(started.type(), Duration.between(started.createdDateTime(), Instant.now()));
        }
        return attempt(started, message);
    }

    private Outcome attempt(Job job, JobMessage message) {
        var begin = System.nanoTime();
        var outcome = "failed";
        try {
            var output = runHandler(job, message);
            outcome = "succeeded";
            var file = ResultFile.of(job.id(), output.mediaType());
            results.put(job, file, output.bytes());
            var succeededNow = new AtomicBoolean();
            var after = traced(records.update(job.id(), j -> {
                succeededNow.set(j.status() == JobStatus.Running);
                return succeededNow.get() ? j.succeed(file, Instant.now()) : j;
            }).orElseThrow());
            if (succeededNow.get()) {
                endings.ended(after);
            } else if (after.status() == JobStatus.Canceled) {
                // Canceled while it ran: a canceled job never publishes a result.
                results.delete(job);
            }
            return DONE;
        } catch (JobCanceledException e) {
            outcome = "canceled";
            return DONE;
        } catch (HandedBack e) {
            outcome = "handed-back";
            records.update(job.id(), j -> j.status() == JobStatus.Running ? j.handBack(Instant.now()) : j);
            Log.infof("Job %s attempt %d was still running at shutdown; handed back for another instance", job.id(), job.attempts());
            return HAND_BACK;
        } catch (JobFailedException e) {
            return fail(job.id(), message, new JobError(e.code(), e.getMessage()));
        } catch (InvalidJobException e) {
            return fail(job.id(), message, new JobError("InvalidInput", e.getMessage()));
        } catch (StoreUnavailableException e) {
            outcome = "store-unavailable";
            throw e;
        } catch (Exception e) {
            // The exception's text may name files, hosts or library internals: it goes to the log, not to the record.
            var error = new JobError("HandlerError", e instanceof AttemptTimedOut ? e.getMessage()
                    : "The handler failed unexpectedly (" + e.getClass().getSimpleName() + "); the service's log has the details under this job's id");
            if (retries.mayRetry(job.attempts())) {
                outcome = "retry";
                metrics.retried(job.type());
                Log.warnf("Job %s attempt %d failed, will retry: %s", job.id(), job.attempts(), describe(e));
                return Outcome.retryAfter(retries.delayAfter(job.attempts()));
            }
            Log.warnf("Job %s attempt %d failed, the last allowed: %s", job.id(), job.attempts(), describe(e));
            return fail(job.id(), message, new JobError("AttemptsExhausted",
                    "The job failed " + job.attempts() + " times; last error: " + error.message()));
        } finally {
            metrics.attempt(job.type(), outcome, Duration.ofNanos(System.nanoTime() - begin));
        }
    }

    private record Output(String mediaType, byte[] bytes) {
    }

    /** Runs the handler on an attempt thread, in a span of its own inside the delivery's. */
    private Output runHandler(Job job, JobMessage message) throws Exception {
        // Decimals as BigDecimal, as the API read them: a handler gets every digit the client sent.
        var input = mapper.readerFor(JsonNode.class).with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).readTree(message.input());
        var prepared = handlers.prepare(job.type(), input);
        var context = new RecordedJobContext(records, job);
        var span = tracer.spanBuilder("attempt " + job.type())
                .setAttribute(SpanAttributes.JOB_ID, job.id().toString())
                .setAttribute(SpanAttributes.JOB_TYPE, job.type())
                .setAttribute(SpanAttributes.JOB_ATTEMPT, (long) job.attempts())
                .startSpan();
        var future = attempts.submit(Context.current().with(span).wrap(() -> {
            try (var log = JobLogContext.open(job.id())) {
                return prepared.handle(context);
            }
        }));
        try {
            var result = awaitUnlessStopped(future, job, context);
            return new Output(prepared.handler().mediaType(), encode(result));
        } catch (TimeoutException e) {
            future.cancel(true);
            span.setStatus(StatusCode.ERROR, "timed out");
            throw new AttemptTimedOut("The attempt took longer than " + attemptTimeout);
        } catch (JobCanceledException e) {
            span.setAttribute(SpanAttributes.JOB_OUTCOME, "canceled");
            throw e;
        } catch (HandedBack e) {
            span.setAttribute(SpanAttributes.JOB_OUTCOME, "handed-back");
            throw e;
        } catch (ExecutionException e) {
            if (handingBack) {
                // Interrupted at shutdown, not a failure of the handler's own.
                throw new HandedBack();
            }
            span.recordException(e.getCause()).setStatus(StatusCode.ERROR);
            throw e.getCause() instanceof Exception cause ? cause : e;
        } finally {
            span.end();
        }
    }

    /**
     * Waits for the attempt, looking at the job's record every {@code jobs.processor.cancel-check-interval}: once it is no
     * longer Running (canceled, or failed as expired, on any instance), the handler is told ({@link JobContext#isCanceled})
     * and interrupted, and the attempt ends without a result.
     */
    private Object awaitUnlessStopped(Future<Object> future, Job job, RecordedJobContext context) throws Exception {
        long deadline = System.nanoTime() + attemptTimeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException();
            }
            try {
                return future.get(Math.min(left, cancelCheckInterval.toNanos()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException slice) {
                if (handingBack) {
                    future.cancel(true);
                    throw new HandedBack();
                }
                if (records.find(job.id()).filter(j -> j.status() == JobStatus.Running).isEmpty()) {
                    context.cancel();
                    future.cancel(true);
                    throw new JobCanceledException();
                }
            }
        }
    }

    /** The attempt was still running when the shutdown grace period ended. */
    private static final class HandedBack extends Exception {
    }

    /** The attempt timeout: the service's own words, unlike a handler's exception, fit for the job's record. */
    private static final class AttemptTimedOut extends Exception {
        AttemptTimedOut(String message) {
            super(message);
        }
    }

    private byte[] encode(Object result) throws Exception {
        if (result instanceof byte[] bytes) {
            return bytes;
        }
        if (result instanceof String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        return mapper.writeValueAsBytes(result);
    }

    /**
     * A failure for a business reason ends the job, not the message: the record says Failed and keeps the input (for an
     * operator to resubmit), and the message is completed. The dead-letter queue is for messages that cannot be
     * processed at all.
     */
    private Outcome fail(UUID id, JobMessage message, JobError error) {
        var input = JobInputs.parse(mapper, message.input());
        records.update(id, j -> j.status().canMoveTo(JobStatus.Failed) ? j.fail(error, input, Instant.now()) : j)
                .map(JobProcessor::traced)
                .filter(j -> j.status() == JobStatus.Failed && j.error() == error)
                .ifPresent(endings::ended);
        Log.infof("Job %s failed: %s", id, error.message());
        return DONE;
    }

    private static String describe(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
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
            handingBack = true;
            attempts.shutdownNow();
            inFlight.awaitNone(cancelCheckInterval.plusSeconds(5));
        }
    }

    @PreDestroy
    void stop() {
        attempts.shutdownNow();
    }
}
