package io.github.asyncjobs.storage.local;

/** A result URL whose signature does not match, or whose validity has passed. */
public class InvalidSignatureException extends RuntimeException {

    public InvalidSignatureException(String message) {
        super(message);
    }
}
