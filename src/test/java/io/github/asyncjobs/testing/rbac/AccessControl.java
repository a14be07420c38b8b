package io.github.asyncjobs.testing.rbac;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Entra ID role-based access control as the strict stand-ins enforce it: which object id acts as which identity of the
 * templates, whether a role assigned to it allows a right on a target, and a record of every right used and refused,
 * so that a test can show both that nothing was refused and that nothing granted went unused ({@link #findings()}).
 * Thread-safe: the Service Bus broker and the Blob front ask from their own threads.
 */
public final class AccessControl {

    /** A right an object id used on a target. */
    public record Use(String objectId, Right right, Target target) {
    }

    /** An assignment that grants more than its identity used. */
    public record Finding(RoleAssignment assignment, String why) {
    }

    private final List<RoleAssignment> assignments;
    private final Map<String, Set<String>> identities = new ConcurrentHashMap<>();
    private final Set<Use> used = ConcurrentHashMap.newKeySet();
    private final List<String> refusals = new CopyOnWriteArrayList<>();

    public AccessControl(List<RoleAssignment> assignments) {
        this.assignments = List.copyOf(assignments);
    }

    /** The roles infra/ assigns, with the stand-ins' names for the queue and the container. */
    public static AccessControl ofTemplates(TemplateRoles.Names names) {
        return new AccessControl(TemplateRoles.read(names));
    }

    /**
     * The roles of the api and the worker together for {@code objectId}: for the service as one process plays both
     * (the in-process tests, the drills and the benchmarks).
     */
    public static AccessControl forTheWholeService(TemplateRoles.Names names, String objectId) {
        return ofTemplates(names).actAs(objectId, "api", "worker");
    }

    /**
     * Tokens with this object id carry the roles of these identities of the templates: one for a deployed app, several
     * for a process that plays several roles at once (the api and the worker in one process).
     */
    public AccessControl actAs(String objectId, String... templateIdentities) {
        var known = assignments.stream().map(RoleAssignment::identity).toList();
        for (var identity : templateIdentities) {
            if (!known.contains(identity)) {
                throw new IllegalArgumentException("The templates assign no role to an identity named " + identity);
            }
        }
        identities.put(objectId, Set.of(templateIdentities));
        return this;
    }

    public List<RoleAssignment> assignments() {
        return assignments;
    }

    /**
     * Whether the holder of a token with {@code objectId} may use {@code right} on {@code target}: empty when it may
     * (and the use is recorded), else which identity lacked what, for the refusal's log and the test's report.
     */
    public Optional<String> check(String objectId, Right right, Target target) {
        var acting = identities.getOrDefault(objectId, Set.of());
        if (assignments.stream().anyMatch(a -> acting.contains(a.identity()) && a.allows(right, target))) {
            used.add(new Use(objectId, right, target));
            return Optional.empty();
        }
        var who = acting.isEmpty() ? "object id " + objectId + " (no identity of the templates)" : String.join("+", new TreeSet<>(acting));
        var refusal = who + " has no role allowing " + right.azureName() + " on the " + target;
        refusals.add(refusal);
        return Optional.of(refusal);
    }

    /** Every refusal so far, worded as {@link #check} words it. */
    public List<String> refusals() {
        return List.copyOf(refusals);
    }

    /** Rights used by tokens acting as exactly this one identity. */
    public Set<Use> usedBy(String identity) {
        var used = new java.util.HashSet<Use>();
        for (var use : this.used) {
            if (identities.getOrDefault(use.objectId(), Set.of()).equals(Set.of(identity))) {
                used.add(use);
            }
        }
        return used;
    }

    /**
     * Assignments of identities that acted alone in this run that grant more than they used: none of the uses that only
     * they allowed (the assignment is not needed), or uses that a built-in role with fewer rights would allow as well.
     * Identities that never acted alone (the KEDA scaler, which only the platform uses) are not judged.
     */
    public List<Finding> findings() {
        var findings = new ArrayList<Finding>();
        for (var assignment : assignments) {
            var uses = usedBy(assignment.identity());
            if (uses.isEmpty()) {
                continue;
            }
            var needed = uses.stream().filter(use -> assignment.allows(use.right(), use.target()) && assignments.stream()
                    .noneMatch(other -> other != assignment && other.identity().equals(assignment.identity())
                            && other.allows(use.right(), use.target()))).toList();
            if (needed.isEmpty()) {
                findings.add(new Finding(assignment, assignment.identity() + " used nothing that only this role allowed"));
                continue;
            }
            var rights = rights(needed);
            BuiltInRoles.all().stream()
                    .filter(narrower -> assignment.role().rights().containsAll(narrower.rights())
                            && !narrower.rights().equals(assignment.role().rights()) && narrower.rights().containsAll(rights))
                    .min(Comparator.comparingInt(narrower -> narrower.rights().size()))
                    .ifPresent(narrower -> findings.add(new Finding(assignment, assignment.identity() + " used only " + rights
                            + ", which " + narrower.name() + " allows too")));
        }
        return findings;
    }

    private static Set<Right> rights(Collection<Use> uses) {
        var rights = new TreeSet<Right>();
        uses.forEach(use -> rights.add(use.right()));
        return rights;
    }
}
