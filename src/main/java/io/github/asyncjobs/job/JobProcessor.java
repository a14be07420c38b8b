package io.github.asyncjobs.job;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.asyncjobs.config.JobsConfig;
import io.github.asyncjobs.queue.DeadLetter;
import io.github.asyncjobs.queue.JobMessage;
import io.github.asyncjobs.queue.JobQueue;
import io.github.asyncjobs.queue.RedeliveryDelay;
import io.github.asyncjobs.storage.JobRecords;
import io.github.asyncjobs.storage.ResultStore;
import io.github.asyncjobs.storage.StoreUnavailableException;
import io.quarkus.logging.Log;
import io.smallrye.reactive.messaging.annotations.Blocking;

/**
 * Runs queued jobs (competing consumers: any number of processes may run one). A message is
 * acknowledged only once its job reached a terminal state, so a crash at any point leads to
 * redelivery; repeats are harmless because the record decides what still needs doing.
 */
@ApplicationScoped
public class JobProcessor {

    private static final Outcome DONE = new Outcome(null, null);

    private final JobRecords records;
    private final ResultStore results;
    private final JobHandlers handlers;
    private final RetryPolicy retries;
    private final JobMetrics metrics;
    private final ObjectMapper mapper;
    private final Duration attemptTimeout;
    private final ExecutorService attempts = Executors.newCachedThreadPool(runnable -> {
        var thread = new Thread(runnable, "job-attempt");
        thread.setDaemon(true);
        return thread;
    });

    public JobProcessor(JobRecords records, ResultStore results, JobHandlers handlers, RetryPolicy retries,
            JobMetrics metrics, ObjectMapper mapper, JobsConfig config) {
        this.records = records;
        this.results = results;
        this.handlers = handlers;
        this.retries = retries;
        this.metrics = metrics;
        this.mapper = mapper;
        this.attemptTimeout = config.processor().attemptTimeout();
    }

    @Incoming(JobQueue.INCOMING)
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    @Blocking(ordered = false)
    public CompletionStage<Void> process(Message<byte[]> message) {
        var job = JobQueue.read(message);
        if (job.isEmpty()) {
            Log.warn("Dead-lettering a message that carries no job");
            return message.nack(new IllegalArgumentException("not a job message"),
                    Metadata.of(new DeadLetter("NotAJob", "The message has no job id or job type")));
        }
        try {
            var outcome = run(job.get());
            if (outcome.retryAfter() != null) {
                return message.nack(new IllegalStateException("retrying"), Metadata.of(new RedeliveryDelay(outcome.retryAfter())));
            }
            if (outcome.failure() != null) {
                return message.nack(new IllegalStateException(outcome.failure().message()),
                        Metadata.of(new DeadLetter(outcome.failure().code(), outcome.failure().message())));
            }
            return message.ack();
        } catch (StoreUnavailableException e) {
            Log.warnf("Store unavailable while processing job %s; it will be redelivered: %s", job.get().jobId(), e.getMessage());
            return message.nack(e, Metadata.of(new RedeliveryDelay(retries.delayAfter(1))));
        }
    }

    /**
     * What becomes of a message: acknowledged ({@link #DONE}), delivered again after a delay, or dead-lettered
     * because its job failed for good (the record says Failed already; the dead-letter queue keeps the input).
     */
    private record Outcome(Duration retryAfter, JobError failure) {

        static Outcome retryAfter(Duration delay) {
            return new Outcome(delay, null);
        }

        static Outcome deadLetter(JobError failure) {
            return new Outcome(null, failure);
        }
    }

    /** Takes the job as far as it can go now. */
    private Outcome run(JobMessage message) {
        var current = records.find(message.jobId());
        if (current.isEmpty()) {
            Log.warnf("No record for job %s; dropping its message", message.jobId());
            return DONE;
        }
        if (current.get().isTerminal()) {
            return DONE;
        }
        if (!retries.mayRetry(current.get().attempts())) {
            return fail(current.get().id(), new JobError("AttemptsExhausted",
                    "The job did not finish within " + current.get().attempts() + " attempts"));
        }
        var started = records.update(message.jobId(),
                job -> job.status().canMoveTo(JobStatus.Running) ? job.startAttempt(Instant.now()) : job).orElseThrow();
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
        try {
            var output = runHandler(job, message);
            var file = ResultFile.of(job.id(), output.mediaType());
            results.put(job, file, output.bytes());
            var succeededNow = new AtomicBoolean();
            var after = records.update(job.id(), j -> {
                succeededNow.set(j.status() == JobStatus.Running);
                return succeededNow.get() ? j.succeed(file, Instant.now()) : j;
            }).orElseThrow();
            if (succeededNow.get()) {
                metrics.completed(after);
            } else if (after.status() == JobStatus.Canceled) {
                // Canceled while it ran: a canceled job never publishes a result.
                results.delete(job);
            }
            return DONE;
        } catch (JobCanceledException e) {
            return DONE;
        } catch (JobFailedException e) {
            return fail(job.id(), new JobError(e.code(), e.getMessage()));
        } catch (InvalidJobException e) {
            return fail(job.id(), new JobError("InvalidInput", e.getMessage()));
        } catch (StoreUnavailableException e) {
            throw e;
        } catch (Exception e) {
            var error = new JobError("HandlerError", describe(e));
            if (retries.mayRetry(job.attempts())) {
                Log.warnf("Job %s attempt %d failed, will retry: %s", job.id(), job.attempts(), error.message());
                return Outcome.retryAfter(retries.delayAfter(job.attempts()));
            }
            return fail(job.id(), new JobError("AttemptsExhausted",
                    "The job failed " + job.attempts() + " times; last error: " + error.message()));
        } finally {
            metrics.attempt(job.type(), Duration.ofNanos(System.nanoTime() - begin));
        }
    }

    private record Output(String mediaType, byte[] bytes) {
    }

    private Output runHandler(Job job, JobMessage message) throws Exception {
        var input = mapper.readTree(message.input());
        var prepared = handlers.prepare(job.type(), input);
        var context = new RecordedJobContext(records, job);
        var future = attempts.submit(() -> prepared.handle(context));
        try {
            var result = future.get(attemptTimeout.toMillis(), TimeUnit.MILLISECONDS);
            return new Output(prepared.handler().mediaType(), encode(result));
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new TimeoutException("The attempt took longer than " + attemptTimeout);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
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

    private Outcome fail(UUID id, JobError error) {
        records.update(id, j -> j.status().canMoveTo(JobStatus.Failed) ? j.fail(error, Instant.now()) : j)
                .filter(j -> j.status() == JobStatus.Failed && j.error() == error)
                .ifPresent(metrics::completed);
        Log.infof("Job %s failed: %s", id, error.message());
        return Outcome.deadLetter(error);
    }

    private static String describe(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    @PreDestroy
    void stop() {
        attempts.shutdownNow();
    }
}
