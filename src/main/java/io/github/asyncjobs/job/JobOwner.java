package io.github.asyncjobs.job;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Who submitted a job: an Entra ID principal (a user, a managed identity or a service principal), named by the tenant
 * it belongs to and its object id, the claims {@code tid} and {@code oid} of its access token. Recorded with the job,
 * so that every instance and every store can tell whose it is.
 */
@RegisterForReflection
public record JobOwner(String tenantId, String objectId) {

    public JobOwner {
        if (tenantId == null || tenantId.isBlank() || objectId == null || objectId.isBlank()) {
            throw new IllegalArgumentException("A job owner needs a tenant id and an object id");
        }
    }

    /** {@code <tenant id>/<object id>}: one string, for indexes and the idempotency key scope. */
    @Override
    public String toString() {
        return tenantId + "/" + objectId;
    }
}
