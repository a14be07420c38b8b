package io.github.asyncjobs.job.spi;

import java.util.UUID;

/**
 * What a handler can learn and say about the job it runs. Report as often as is convenient: the service writes at most
 * one update per job per {@code jobs.processor.progress-interval} (1 s), the latest, so a chatty handler costs little.
 */
public interface JobContext {

    /** At most this many characters in a stage. */
    int MAX_STAGE_LENGTH = 64;

    /** At most this many bytes in a custom status, as JSON in UTF-8 (as Durable Functions allows). */
    int MAX_CUSTOM_STATUS_BYTES = 16 * 1024;

    UUID jobId();

    /** 1 on the first attempt. */
    int attempt();

    /**
     * Reports progress (0-100), shown as {@code percentComplete}; the stage stays as last reported.
     *
     * @throws JobCanceledException when the job was canceled meanwhile: let it propagate
     */
    void reportProgress(int percent);

    /**
     * Reports progress (0-100) and what the handler is doing now, shown as {@code percentComplete} and {@code stage}.
     *
     * @param stage a short text, at most {@value #MAX_STAGE_LENGTH} characters, e.g. "aggregating"; null for none
     * @throws IllegalArgumentException when the stage is longer
     * @throws JobCanceledException when the job was canceled meanwhile: let it propagate
     */
    void reportProgress(int percent, String stage);

    /**
     * Reports a value of the handler's own, shown as {@code customStatus}: anything that serializes to JSON of at most
     * {@value #MAX_CUSTOM_STATUS_BYTES} bytes (a map, a record, a number). Replaces the previous one; kept once the job
     * ends.
     *
     * @throws IllegalArgumentException when it is larger, or is not JSON
     * @throws JobCanceledException when the job was canceled meanwhile: let it propagate
     */
    void setCustomStatus(Object status);

    /**
     * Whether the job was canceled, or expired, while this attempt runs: a long handler may check it between steps and
     * stop. The attempt's thread is also interrupted then, and whatever the handler returns is thrown away.
     */
    boolean isCanceled();
}
