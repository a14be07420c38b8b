package io.github.asyncjobs.job.intake;

/** An idempotency key is being reused: with a different request, or while its first request is still being accepted. */
public class IdempotencyConflictException extends RuntimeException {

    private final boolean inProgress;

    private IdempotencyConflictException(String message, boolean inProgress) {
        super(message);
        this.inProgress = inProgress;
    }

    public static IdempotencyConflictException forDifferentRequest() {
        return new IdempotencyConflictException(
                "This Idempotency-Key was already used with a different request body; use a new key for a new request", false);
    }

    public static IdempotencyConflictException whileInProgress() {
        return new IdempotencyConflictException("A request with this Idempotency-Key is still being accepted; retry shortly", true);
    }

    /** True when the first request is still under way (try again), false when the body differs (never succeeds). */
    public boolean inProgress() {
        return inProgress;
    }
}
