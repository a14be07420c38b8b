package io.github.asyncjobs.job;

/** Life cycle of a job; names follow the Azure REST API guidelines for long-running operations. */
public enum JobStatus {
    NotStarted,
    Running,
    Succeeded,
    Failed,
    Canceled;

    public boolean isTerminal() {
        return this == Succeeded || this == Failed || this == Canceled;
    }

    /** Status only moves forward and terminal states never change. */
    public boolean canMoveTo(JobStatus next) {
        return !isTerminal() && next.ordinal() >= ordinal() && (next != this || this == Running);
    }
}
