package io.github.asyncjobs.job.store;

/** The store could not be reached or could not do what was asked; trying again later may work. */
public class StoreUnavailableException extends RuntimeException {

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
