package io.github.asyncjobs.job.spi;

/** Thrown by a handler to fail its job at once, without retries: the input can never succeed. */
public class JobFailedException extends RuntimeException {

    private final String code;

    public JobFailedException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
