package io.github.asyncjobs.job.spi;

import java.util.List;

/** The request cannot become a job as it is; the errors say where and why. */
public class InvalidJobException extends RuntimeException {

    private final List<FieldError> errors;

    public InvalidJobException(String message, List<FieldError> errors) {
        super(message);
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
