package io.github.asyncjobs.job.store;

/** A result URL whose signature does not match, or whose validity has passed. */
public class InvalidSignatureException extends RuntimeException {

    public InvalidSignatureException(String message) {
        super(message);
    }
}
