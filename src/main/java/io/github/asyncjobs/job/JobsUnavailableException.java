package io.github.asyncjobs.job;

/**
 * The queue or the store cannot do what was asked just now; nothing was changed, and a retry may work. The message
 * is for clients (no internals); what went wrong in detail is in the cause, for the log.
 */
public class JobsUnavailableException extends RuntimeException {

    public JobsUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
