package io.github.asyncjobs.job.processing;

/** The job was canceled while its handler ran; the processor stops it and publishes nothing. */
public class JobCanceledException extends RuntimeException {

    public JobCanceledException() {
        super("The job was canceled", null, false, false);
    }
}
