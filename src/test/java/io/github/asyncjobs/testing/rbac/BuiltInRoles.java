package io.github.asyncjobs.testing.rbac;

import static io.github.asyncjobs.testing.rbac.Right.BLOB_DELETE;
import static io.github.asyncjobs.testing.rbac.Right.BLOB_READ;
import static io.github.asyncjobs.testing.rbac.Right.BLOB_TAGS;
import static io.github.asyncjobs.testing.rbac.Right.BLOB_WRITE;
import static io.github.asyncjobs.testing.rbac.Right.CONTAINER_READ;
import static io.github.asyncjobs.testing.rbac.Right.CONTAINER_WRITE;
import static io.github.asyncjobs.testing.rbac.Right.DELEGATION_KEY;
import static io.github.asyncjobs.testing.rbac.Right.IMAGE_PULL;
import static io.github.asyncjobs.testing.rbac.Right.LISTEN;
import static io.github.asyncjobs.testing.rbac.Right.MANAGE;
import static io.github.asyncjobs.testing.rbac.Right.SEND;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The one table of what Azure's built-in roles allow, by role definition id
 * (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles; ../shared/reference/azure-rbac-and-limits.md).
 * Who holds which role, at which scope, is never written in the tests: it is read from infra/ ({@link TemplateRoles}).
 */
public final class BuiltInRoles {

    /** A built-in role: its name and what it allows. */
    public record Role(String id, String name, Set<Right> rights) {
    }

    private static final Map<String, Role> ROLES = Map.ofEntries(
            role("69a216fc-b8fb-44d8-bc22-1f3c2cd27a39", "Azure Service Bus Data Sender", SEND),
            role("4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0", "Azure Service Bus Data Receiver", LISTEN),
            // Manage implies Send and Listen.
            role("090c5cfd-751d-490a-894a-3ce6f1109419", "Azure Service Bus Data Owner", MANAGE, SEND, LISTEN),
            role("2a2b9908-6ea1-4ae2-8e65-a410df84e7d1", "Storage Blob Data Reader", BLOB_READ, CONTAINER_READ, DELEGATION_KEY),
            // No blob index tags: blobs/tags/* and blobs/filter/action are the Data Owner's only.
            role("ba92f5b4-2d11-453d-a403-e96b0029c9fe", "Storage Blob Data Contributor", BLOB_READ, BLOB_WRITE, BLOB_DELETE,
                    CONTAINER_READ, CONTAINER_WRITE, DELEGATION_KEY),
            role("b7e6dc6d-f1e8-4753-8033-0f276bb0955b", "Storage Blob Data Owner", BLOB_READ, BLOB_WRITE, BLOB_DELETE, BLOB_TAGS,
                    CONTAINER_READ, CONTAINER_WRITE, DELEGATION_KEY),
            role("db58b8e5-c6ad-4a2a-8342-4190687cbf4a", "Storage Blob Delegator", DELEGATION_KEY),
            role("7f951dda-4ed3-4680-a7ca-43fe172d538d", "AcrPull", IMAGE_PULL));

    private BuiltInRoles() {
    }

    /** The role with that definition id; unknown ids are refused, so that a template cannot grant what no test models. */
    public static Role byId(String id) {
        var role = ROLES.get(id.toLowerCase());
        if (role == null) {
            throw new IllegalArgumentException("Role definition " + id + " is not in BuiltInRoles: add what it allows");
        }
        return role;
    }

    public static Collection<Role> all() {
        return ROLES.values();
    }

    private static Map.Entry<String, Role> role(String id, String name, Right first, Right... more) {
        return Map.entry(id, new Role(id, name, Set.copyOf(EnumSet.of(first, more))));
    }
}
