package io.github.asyncjobs.job.spi;

import java.util.UUID;

/** What a handler can learn and say about the job it runs. */
public interface JobContext {

    UUID jobId();

    /** 1 on the first attempt. */
    int attempt();

    /**
     * Reports progress (0-100), shown as {@code percentComplete}.
     *
     * @throws JobCanceledException when the job was canceled meanwhile: let it propagate
     */
    void reportProgress(int percent);

    /**
     * Whether the job was canceled, or expired, while this attempt runs: a long handler may check it between steps and
     * stop. The attempt's thread is also interrupted then, and whatever the handler returns is thrown away.
     */
    boolean isCanceled();
}
