package io.github.asyncjobs.job;

import java.util.Optional;

/**
 * Who asks the job layer for something, as far as it matters to which jobs they may see: on an open service anyone
 * sees every job; an authenticated caller sees the jobs they submitted, and a manager those of everyone in their own
 * tenant. Another caller's job is not found, rather than forbidden, so that its id is not confirmed.
 */
public record Requester(Optional<JobOwner> owner, Optional<String> clientId, boolean manager) {

    /** Anyone, on a service that does not authenticate its callers. */
    public static final Requester ANYONE = new Requester(Optional.empty(), Optional.empty(), false);

    /** @param clientId the application the caller signed in with ({@code azp}), when the token names one */
    public static Requester caller(JobOwner owner, Optional<String> clientId, boolean manager) {
        return new Requester(Optional.of(owner), clientId, manager);
    }

    /**
     * Whose jobs a listing shows: the caller's own (a manager's too: managing is by id), or, on an open service, the
     * jobs of nobody in particular, which are all of them.
     */
    public String listedAs() {
        return listedAs(owner.orElse(null));
    }

    /** The listing key of jobs owned by {@code owner} (null on an open service): stores index jobs under it. */
    public static String listedAs(JobOwner owner) {
        return owner == null ? "" : owner.toString();
    }

    public boolean maySee(Job job) {
        if (owner.isEmpty()) {
            return true;
        }
        var caller = owner.get();
        return caller.equals(job.owner()) || manager && job.owner() != null && caller.tenantId().equals(job.owner().tenantId());
    }

    /**
     * The key under which an Idempotency-Key is bound: each caller's keys are their own, so the same key from two
     * callers makes two jobs. A line break cannot occur in a key (printable ASCII only), so scopes never collide.
     */
    public String scope(String idempotencyKey) {
        return owner.map(o -> o + "\n" + idempotencyKey).orElse(idempotencyKey);
    }
}
