package io.github.asyncjobs.api;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import io.github.asyncjobs.job.JobOwner;
import io.github.asyncjobs.job.Requester;

/**
 * Who calls the jobs API, and what their token lets them do: the app roles ({@code roles} claim) or delegated scopes
 * ({@code scp}) below, named as in the API's app registration (docs/security.md); {@code Jobs.Manage} only as an app
 * role. On an open service, anyone may do anything.
 */
record Caller(Requester requester, Set<String> roles, boolean open) {

    static final String SUBMIT = "Jobs.Submit";
    static final String READ = "Jobs.Read";
    static final String MANAGE = "Jobs.Manage";

    static final Caller OPEN = new Caller(Requester.ANYONE, Set.of(), true);

    /** @param managerByAppRole whether {@code Jobs.Manage} is among the token's app roles, not only its scopes */
    static Caller authenticated(JobOwner owner, Optional<String> clientId, Set<String> rolesAndScopes, boolean managerByAppRole) {
        var roles = new HashSet<>(rolesAndScopes);
        if (!managerByAppRole) {
            roles.remove(MANAGE);
        }
        return new Caller(Requester.caller(owner, clientId, managerByAppRole), Set.copyOf(roles), false);
    }

    /** Submitting needs {@code Jobs.Submit}. */
    Caller mustSubmit() {
        return mustHaveAny(SUBMIT);
    }

    /** Reading one's own jobs needs {@code Jobs.Read} or {@code Jobs.Submit}; others' in the tenant, {@code Jobs.Manage}. */
    Caller mustRead() {
        return mustHaveAny(READ, SUBMIT, MANAGE);
    }

    /** Canceling one's own jobs needs {@code Jobs.Submit}; others' in the tenant, {@code Jobs.Manage}. */
    Caller mustCancel() {
        return mustHaveAny(SUBMIT, MANAGE);
    }

    /** The service's activity, every caller's in the tenant, needs {@code Jobs.Manage}. */
    Caller mustManage() {
        return mustHaveAny(MANAGE);
    }

    private Caller mustHaveAny(String... allowed) {
        if (open) {
            return this;
        }
        for (var role : allowed) {
            if (roles.contains(role)) {
                return this;
            }
        }
        throw new ProblemException(Problem.Type.FORBIDDEN.with(
                "The token grants none of the roles this request needs: " + String.join(", ", allowed)));
    }
}
