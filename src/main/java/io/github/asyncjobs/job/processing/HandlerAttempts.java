package io.github.asyncjobs.job.processing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.asyncjobs.config.JobsConfig;
import io.github.asyncjobs.job.Job;
import io.github.asyncjobs.job.JobStatus;
import io.github.asyncjobs.job.queue.JobMessage;
import io.github.asyncjobs.job.spi.JobContext;
import io.github.asyncjobs.job.store.JobRecords;
import io.github.asyncjobs.telemetry.JobLogContext;
import io.github.asyncjobs.telemetry.SpanAttributes;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;

/**
 * Runs one attempt of a job's handler on an attempt thread, in a span of its own, within the attempt timeout, watching
 * the job's record meanwhile: once the job is no longer Running (canceled, or failed as expired, on any instance) the
 * handler is told and interrupted; at the end of a shutdown's grace period it is interrupted and handed back.
 */
@ApplicationScoped
public class HandlerAttempts {

    /** The handler's result, encoded. */
    record Output(String mediaType, byte[] bytes) {
    }

    /** The attempt was still running when the shutdown grace period ended. */
    static final class HandedBack extends Exception {
    }

    /** The attempt timeout: the service's own words, unlike a handler's exception, fit for the job's record. */
    static final class AttemptTimedOut extends Exception {
        AttemptTimedOut(String message) {
            super(message);
        }
    }

    private final JobRecords records;
    private final JobHandlers handlers;
    private final ObjectMapper mapper;
    private final Tracer tracer;
    private final Duration attemptTimeout;
    private final Duration cancelCheckInterval;
    private final Duration progressInterval;
    /**
     * Attempt threads: bounded, at twice the processing slots, since a handler that ignores its interrupt after a
     * timeout or a cancel keeps its thread; beyond that, attempts wait for a retry instead of piling up threads.
     */
    private final ThreadPoolExecutor threads;
    /** Set when the shutdown grace period is over: attempts still running are interrupted and handed back. */
    private volatile boolean handingBack;

    public HandlerAttempts(JobRecords records, JobHandlers handlers, ObjectMapper mapper, Tracer tracer, JobsConfig config) {
        this.records = records;
        this.handlers = handlers;
        this.mapper = mapper;
        this.tracer = tracer;
        this.attemptTimeout = config.processor().attemptTimeout();
        this.cancelCheckInterval = config.processor().cancelCheckInterval();
        this.progressInterval = config.processor().progressInterval();
        this.threads = new ThreadPoolExecutor(0, 2 * config.processor().concurrency(), 60, TimeUnit.SECONDS,
                new SynchronousQueue<>(), runnable -> {
                    var thread = new Thread(runnable, "job-attempt");
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /**
     * Runs the handler of {@code job} on {@code message}'s input.
     *
     * @throws JobCanceledException when the job stopped being Running meanwhile
     * @throws HandedBack when the shutdown grace period ended first
     * @throws AttemptTimedOut when the attempt took longer than the attempt timeout
     * @throws Exception what the handler threw
     */
    Output run(Job job, JobMessage message) throws Exception {
        // Decimals as BigDecimal, as the API read them: a handler gets every digit the client sent.
        var input = mapper.readerFor(JsonNode.class).with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).readTree(message.input());
        var prepared = handlers.prepare(job.type(), input);
        var context = new RecordedJobContext(records, job, mapper, progressInterval);
        var span = tracer.spanBuilder("attempt " + job.type())
                .setAttribute(SpanAttributes.JOB_ID, job.id().toString())
                .setAttribute(SpanAttributes.JOB_TYPE, job.type())
                .setAttribute(SpanAttributes.JOB_ATTEMPT, (long) job.attempts())
                .startSpan();
        var future = threads.submit(Context.current().with(span).wrap(() -> {
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

    /** Whether the shutdown grace period is over, and attempts still under way are being handed back. */
    boolean handingBack() {
        return handingBack;
    }

    /** The shutdown grace period is over: interrupts the attempts still running; their jobs are handed back. */
    void handBackAll() {
        handingBack = true;
        threads.shutdownNow();
    }

    /** How often a running attempt looks at its job's record. */
    Duration cancelCheckInterval() {
        return cancelCheckInterval;
    }

    /**
     * Waits for the attempt, looking at the job's record every {@code jobs.processor.cancel-check-interval}: once it is no
     * longer Running, the handler is told ({@link JobContext#isCanceled}) and interrupted, and the attempt ends without a
     * result.
     */
    private Object awaitUnlessStopped(Future<Object> future, Job job, RecordedJobContext context) throws Exception {
        long deadline = System.nanoTime() + attemptTimeout.toNanos();
        long nextCancelCheck = System.nanoTime() + cancelCheckInterval.toNanos();
        while (true) {
            long now = System.nanoTime();
            long left = deadline - now;
            if (left <= 0) {
                throw new TimeoutException();
            }
            try {
                // Also wakes when a coalesced progress report is due, to write it.
                return future.get(Math.min(left, Math.min(nextCancelCheck - now, context.nanosUntilDue())), TimeUnit.NANOSECONDS);
            } catch (TimeoutException slice) {
                if (handingBack) {
                    future.cancel(true);
                    throw new HandedBack();
                }
                context.flushIfDue();
                if (System.nanoTime() - nextCancelCheck >= 0) {
                    nextCancelCheck = System.nanoTime() + cancelCheckInterval.toNanos();
                    if (records.find(job.id()).filter(j -> j.status() == JobStatus.Running).isEmpty()) {
                        context.cancel();
                    }
                }
                if (context.isCanceled()) {
                    future.cancel(true);
                    throw new JobCanceledException();
                }
            }
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

    @PreDestroy
    void stop() {
        threads.shutdownNow();
    }
}
