package io.github.asyncjobs.job.processing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.asyncjobs.job.Job;
import io.github.asyncjobs.job.JobStatus;
import io.github.asyncjobs.job.spi.JobContext;
import io.github.asyncjobs.job.store.JobRecords;

/**
 * A handler's view of its job, backed by the job record: progress is written there, cancellation read from there.
 * Reports are coalesced: the first is written at once, later ones at most once per {@code progress-interval}, the
 * latest; one left unwritten at the end of an interval is written by the thread awaiting the attempt
 * ({@link #flushIfDue}), so the monitor never lags by more than an interval.
 */
final class RecordedJobContext implements JobContext {

    private final JobRecords records;
    private final Job job;
    private final ObjectMapper mapper;
    private final long intervalNanos;
    private volatile boolean canceled;

    /** What the handler reported last. */
    private Integer percent;
    private String stage;
    private JsonNode customStatus;
    private boolean unwritten;
    private long lastWrite;

    RecordedJobContext(JobRecords records, Job job, ObjectMapper mapper, Duration progressInterval) {
        this.records = records;
        this.job = job;
        this.mapper = mapper;
        this.intervalNanos = progressInterval.toNanos();
        this.percent = job.percentComplete();
        this.stage = job.stage();
        this.customStatus = job.customStatus();
        this.lastWrite = System.nanoTime() - intervalNanos;
    }

    @Override
    public UUID jobId() {
        return job.id();
    }

    @Override
    public int attempt() {
        return job.attempts();
    }

    @Override
    public boolean isCanceled() {
        return canceled;
    }

    /** The processor saw the job canceled (or expired): from now on the handler's work is thrown away. */
    void cancel() {
        canceled = true;
    }

    @Override
    public synchronized void reportProgress(int percent) {
        report(clamp(percent), stage, customStatus);
    }

    @Override
    public synchronized void reportProgress(int percent, String newStage) {
        if (newStage != null && newStage.length() > MAX_STAGE_LENGTH) {
            throw new IllegalArgumentException("A stage has at most " + MAX_STAGE_LENGTH + " characters; this one has "
                    + newStage.length());
        }
        report(clamp(percent), newStage, customStatus);
    }

    @Override
    public void setCustomStatus(Object status) {
        JsonNode json;
        try {
            byte[] bytes = mapper.writeValueAsBytes(status);
            if (bytes.length > MAX_CUSTOM_STATUS_BYTES) {
                throw new IllegalArgumentException("A custom status has at most " + MAX_CUSTOM_STATUS_BYTES
                        + " bytes of JSON; this one has " + bytes.length);
            }
            json = mapper.readTree(new String(bytes, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("A custom status must be a value that serializes to JSON: " + e.getOriginalMessage(), e);
        }
        synchronized (this) {
            report(percent, stage, json);
        }
    }

    /** Takes the latest report, and writes it if its interval is over. Holds this object's lock. */
    private void report(Integer newPercent, String newStage, JsonNode newCustomStatus) {
        if (canceled) {
            throw new JobCanceledException();
        }
        if (Objects.equals(newPercent, percent) && Objects.equals(newStage, stage) && Objects.equals(newCustomStatus, customStatus)) {
            return;
        }
        percent = newPercent;
        stage = newStage;
        customStatus = newCustomStatus;
        unwritten = true;
        if (nanosUntilDue() == 0) {
            write();
        }
        if (canceled) {
            throw new JobCanceledException();
        }
    }

    /** Nanoseconds until a report not yet written is due; {@code Long.MAX_VALUE} when there is none. */
    synchronized long nanosUntilDue() {
        return unwritten ? Math.max(0, lastWrite + intervalNanos - System.nanoTime()) : Long.MAX_VALUE;
    }

    /** Writes the latest report if its interval is over; learns of a cancel as a report does. */
    synchronized void flushIfDue() {
        if (nanosUntilDue() == 0) {
            write();
        }
    }

    private void write() {
        unwritten = false;
        lastWrite = System.nanoTime();
        Integer writtenPercent = percent;
        String writtenStage = stage;
        JsonNode writtenStatus = customStatus;
        var after = records.update(job.id(), j -> j.status() == JobStatus.Running
                ? j.progress(writtenPercent, writtenStage, writtenStatus, Instant.now())
                : j);
        if (after.isEmpty() || after.get().status() == JobStatus.Canceled) {
            canceled = true;
        }
    }

    private static int clamp(int percent) {
        return Math.max(0, Math.min(100, percent));
    }
}
