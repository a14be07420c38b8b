package io.github.asyncjobs.job.service;

/** A listing that cannot go on from where its continuation says: not one this service handed out. */
public class InvalidQueryException extends RuntimeException {

    public InvalidQueryException(String message, Throwable cause) {
        super(message, cause);
    }
}
