package io.github.asyncjobs.testing.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The stand-ins' role checks and the least-privilege findings, on the assignments of the templates. */
class AccessControlTest {

    private static final TemplateRoles.Names NAMES = new TemplateRoles.Names("jobs", "jobs");

    @Test
    void theTemplatesAssignmentsAreReadWithTheirScopes() {
        assertThat(TemplateRoles.read(NAMES)).extracting(a -> a.identity() + " " + a.role().name() + " " + a.scope())
                .contains("api Azure Service Bus Data Sender SERVICE_BUS_QUEUE jobs",
                        "api Storage Blob Delegator STORAGE_ACCOUNT",
                        "worker Azure Service Bus Data Receiver SERVICE_BUS_QUEUE jobs",
                        "worker Storage Blob Data Contributor BLOB_CONTAINER jobs",
                        "scaler Azure Service Bus Data Owner SERVICE_BUS_QUEUE jobs");
    }

    @Test
    void aRoleAllowsItsRightsWithinItsScopeOnly() {
        var access = AccessControl.ofTemplates(NAMES).actAs("w", "worker").actAs("a", "api");
        assertThat(access.check("w", Right.LISTEN, Target.queue("JOBS"))).isEmpty();
        assertThat(access.check("w", Right.SEND, Target.queue("jobs"))).contains("worker has no role allowing Send on the queue jobs");
        assertThat(access.check("w", Right.LISTEN, Target.queue("other"))).isPresent();
        assertThat(access.check("a", Right.BLOB_WRITE, Target.container("jobs"))).isEmpty();
        assertThat(access.check("a", Right.BLOB_WRITE, Target.container("other"))).isPresent();
        // Blob index tags are the Data Owner's: Contributor does not allow them.
        assertThat(access.check("a", Right.BLOB_TAGS, Target.container("jobs"))).isPresent();
        assertThat(access.check("stranger", Right.BLOB_READ, Target.container("jobs")))
                .hasValueSatisfying(why -> assertThat(why).contains("no identity of the templates"));
        assertThat(access.refusals()).hasSize(5);
    }

    @Test
    void aUserDelegationKeyNeedsARoleAtTheAccountNotOnTheContainer() {
        var assignments = TemplateRoles.read(NAMES).stream().filter(a -> !a.symbol().equals("apiGetsDelegationKeys")).toList();
        var access = new AccessControl(assignments).actAs("a", "api");
        // Contributor on the container carries generateUserDelegationKey, but the key is the account's.
        assertThat(access.check("a", Right.DELEGATION_KEY, Target.storageAccount())).isPresent();
        assertThat(AccessControl.ofTemplates(NAMES).actAs("a", "api").check("a", Right.DELEGATION_KEY, Target.storageAccount())).isEmpty();
    }

    @Test
    void anAssignmentNothingNeededOrThatANarrowerRoleWouldDoIsFound() {
        var owner = new RoleAssignment("workerOwnsData", "worker", BuiltInRoles.byId("b7e6dc6d-f1e8-4753-8033-0f276bb0955b"),
                new Scope(Scope.Kind.BLOB_CONTAINER, "jobs"));
        var sender = new RoleAssignment("workerSends", "worker", BuiltInRoles.byId("69a216fc-b8fb-44d8-bc22-1f3c2cd27a39"),
                new Scope(Scope.Kind.SERVICE_BUS_QUEUE, "jobs"));
        var receiver = new RoleAssignment("workerReceives", "worker", BuiltInRoles.byId("4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0"),
                new Scope(Scope.Kind.SERVICE_BUS_QUEUE, "jobs"));
        var access = new AccessControl(List.of(owner, sender, receiver)).actAs("w", "worker");
        access.check("w", Right.BLOB_READ, Target.container("jobs"));
        access.check("w", Right.LISTEN, Target.queue("jobs"));

        assertThat(access.findings()).extracting(finding -> finding.assignment().symbol() + ": " + finding.why())
                .containsExactlyInAnyOrder("workerOwnsData: worker used only [BLOB_READ], which Storage Blob Data Reader allows too",
                        "workerSends: worker used nothing that only this role allowed");
    }
}
