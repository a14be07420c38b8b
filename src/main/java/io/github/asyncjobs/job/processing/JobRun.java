package io.github.asyncjobs.job.processing;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.asyncjobs.job.Job;
import io.github.asyncjobs.job.JobError;
import io.github.asyncjobs.job.JobStatus;
import io.github.asyncjobs.job.ResultFile;
import io.github.asyncjobs.job.lifecycle.JobEndings;
import io.github.asyncjobs.job.lifecycle.JobMetrics;
import io.github.asyncjobs.job.queue.JobMessage;
import io.github.asyncjobs.job.spi.InvalidJobException;
import io.github.asyncjobs.job.spi.JobFailedException;
import io.github.asyncjobs.job.store.JobRecords;
import io.github.asyncjobs.job.store.ResultStore;
import io.github.asyncjobs.job.store.StoreUnavailableException;
import io.github.asyncjobs.telemetry.SpanAttributes;
import io.opentelemetry.api.trace.Span;
import io.quarkus.logging.Log;

/**
 * Takes a delivered job as far as it can go now, deciding from its record: starts an attempt, records what it produced
 * or why it failed, and says whether the job needs its message again ({@link Outcome}). Repeats are harmless: a job that
 * finished, or was never recorded, needs nothing.
 */
@ApplicationScoped
public class JobRun {

    private final JobRecords records;
    private final ResultStore results;
    private final HandlerAttempts attempts;
    private final RetryPolicy retries;
    private final JobMetrics metrics;
    private final JobEndings endings;
    private final ObjectMapper mapper;

    public JobRun(JobRecords records, ResultStore results, HandlerAttempts attempts, RetryPolicy retries, JobMetrics metrics,
            JobEndings endings, ObjectMapper mapper) {
        this.records = records;
        this.results = results;
        this.attempts = attempts;
        this.retries = retries;
        this.metrics = metrics;
        this.endings = endings;
        this.mapper = mapper;
    }

    /** Takes the job as far as it can go now. */
    Outcome run(JobMessage message) {
        var current = records.find(message.jobId());
        if (current.isEmpty()) {
            Log.warnf("No record for job %s; dropping its message", message.jobId());
            return Outcome.DONE;
        }
        traced(current.get());
        if (current.get().isTerminal()) {
            return Outcome.DONE;
        }
        if (!retries.mayRetry(current.get().attempts())) {
            return fail(current.get().id(), message, new JobError("AttemptsExhausted",
                    "The job did not finish within " + current.get().attempts() + " attempts"));
        }
        var started = traced(records.update(message.jobId(),
                job -> job.status().canMoveTo(JobStatus.Running) ? job.startAttempt(Instant.now()) : job).orElseThrow());
        if (started.status() != JobStatus.Running) {
            return Outcome.DONE;
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
            var output = attempts.run(job, message);
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
            return Outcome.DONE;
        } catch (JobCanceledException e) {
            outcome = "canceled";
            return Outcome.DONE;
        } catch (HandlerAttempts.HandedBack e) {
            outcome = "handed-back";
            records.update(job.id(), j -> j.status() == JobStatus.Running ? j.handBack(Instant.now()) : j);
            Log.infof("Job %s attempt %d was still running at shutdown; handed back for another instance", job.id(), job.attempts());
            return Outcome.HAND_BACK;
        } catch (JobFailedException e) {
            return fail(job.id(), message, new JobError(e.code(), e.getMessage()));
        } catch (InvalidJobException e) {
            return fail(job.id(), message, new JobError("InvalidInput", e.getMessage()));
        } catch (StoreUnavailableException e) {
            outcome = "store-unavailable";
            throw e;
        } catch (Exception e) {
            // The exception's text may name files, hosts or library internals: it goes to the log, not to the record.
            var error = new JobError("HandlerError", e instanceof HandlerAttempts.AttemptTimedOut ? e.getMessage()
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

    /**
     * A failure for a business reason ends the job, not the message: the record says Failed and keeps the input (for an
     * operator to resubmit), and the message is completed. The dead-letter queue is for messages that cannot be
     * processed at all.
     */
    private Outcome fail(UUID id, JobMessage message, JobError error) {
        var input = JobInputs.parse(mapper, message.input());
        records.update(id, j -> j.status().canMoveTo(JobStatus.Failed) ? j.fail(error, input, Instant.now()) : j)
                .map(JobRun::traced)
                .filter(j -> j.status() == JobStatus.Failed && j.error() == error)
                .ifPresent(endings::ended);
        Log.infof("Job %s failed: %s", id, error.message());
        return Outcome.DONE;
    }

    /** Puts where the job stands on the span of its delivery. */
    private static Job traced(Job job) {
        Span.current().setAttribute(SpanAttributes.JOB_STATUS, job.status().name())
                .setAttribute(SpanAttributes.JOB_ATTEMPT, (long) job.attempts());
        return job;
    }

    private static String describe(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
