package io.github.asyncjobs.testing.rbac;

/**
 * One role assignment of the templates: the identity it is for (the template's name for it: {@code api} for
 * {@code apiPrincipalId}), the role and the scope; {@code symbol} is the Bicep resource that makes it.
 */
public record RoleAssignment(String symbol, String identity, BuiltInRoles.Role role, Scope scope) {

    /** Whether this assignment allows {@code right} on {@code target}. */
    public boolean allows(Right right, Target target) {
        return role.rights().contains(right) && scope.covers(target);
    }

    @Override
    public String toString() {
        return symbol + " (" + identity + ": " + role.name() + " on " + scope + ")";
    }
}
