package io.github.asyncjobs.job.processing;

import java.time.Instant;
import java.util.UUID;

import io.github.asyncjobs.job.Job;
import io.github.asyncjobs.job.JobStatus;
import io.github.asyncjobs.job.spi.JobContext;
import io.github.asyncjobs.job.store.JobRecords;

/** A handler's view of its job, backed by the job record: progress is written there, cancellation read from there. */
final class RecordedJobContext implements JobContext {

    private final JobRecords records;
    private final Job job;
    private int lastReported = -1;
    private volatile boolean canceled;

    RecordedJobContext(JobRecords records, Job job) {
        this.records = records;
        this.job = job;
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
    public void reportProgress(int percent) {
        int clamped = Math.max(0, Math.min(100, percent));
        if (clamped == lastReported) {
            return;
        }
        lastReported = clamped;
        var after = records.update(job.id(), j -> j.status() == JobStatus.Running ? j.progress(clamped, Instant.now()) : j);
        if (canceled || after.isEmpty() || after.get().status() == JobStatus.Canceled) {
            canceled = true;
            throw new JobCanceledException();
        }
    }
}
