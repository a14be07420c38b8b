package io.github.asyncjobs.testing.rbac;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import io.github.asyncjobs.testing.infra.Bicep;

/**
 * The role assignments infra/ makes, read from {@code infra/modules/role-assignments.bicep}: for each
 * {@code Microsoft.Authorization/roleAssignments} resource, the identity (from its {@code principalId} parameter),
 * the built-in role (the id in its {@code roleDefinitionId}) and the scope (the type of the resource it is scoped to).
 * The stand-ins enforce exactly these.
 */
public final class TemplateRoles {

    public static final Path ROLE_ASSIGNMENTS = Path.of("infra", "modules", "role-assignments.bicep");

    private static final Pattern GUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern PRINCIPAL = Pattern.compile("(\\w+)PrincipalId");

    /** The names the stand-ins give the queue and the container that the templates name by parameter. */
    public record Names(String queue, String container) {
    }

    private TemplateRoles() {
    }

    public static List<RoleAssignment> read(Names names) {
        var bicep = Bicep.read(ROLE_ASSIGNMENTS);
        var assignments = new ArrayList<RoleAssignment>();
        for (var resource : bicep.resources()) {
            if (!resource.type().equals("Microsoft.Authorization/roleAssignments")) {
                continue;
            }
            var principal = PRINCIPAL.matcher(resource.property("principalId"));
            var role = GUID.matcher(resource.property("roleDefinitionId"));
            if (!principal.matches() || !role.find()) {
                throw new IllegalStateException(ROLE_ASSIGNMENTS + ": cannot read " + resource.symbol());
            }
            var scope = scope(bicep.resourceNamed(resource.property("scope")), names);
            assignments.add(new RoleAssignment(resource.symbol(), principal.group(1), BuiltInRoles.byId(role.group()), scope));
        }
        return assignments;
    }

    /** A queue is the jobs queue or, named {@code '${queueName}-priority'}, its priority lane. */
    private static Scope scope(Bicep.Resource resource, Names names) {
        return switch (resource.type()) {
            case "Microsoft.ServiceBus/namespaces" -> new Scope(Scope.Kind.SERVICE_BUS_NAMESPACE, null);
            case "Microsoft.ServiceBus/namespaces/queues" -> new Scope(Scope.Kind.SERVICE_BUS_QUEUE,
                    resource.property("name").equals("'${queueName}-priority'") ? names.queue() + "-priority" : names.queue());
            case "Microsoft.Storage/storageAccounts" -> new Scope(Scope.Kind.STORAGE_ACCOUNT, null);
            case "Microsoft.Storage/storageAccounts/blobServices/containers" -> new Scope(Scope.Kind.BLOB_CONTAINER, names.container());
            case "Microsoft.ContainerRegistry/registries" -> new Scope(Scope.Kind.REGISTRY, null);
            default -> throw new IllegalStateException(ROLE_ASSIGNMENTS + ": a role scoped to a " + resource.type()
                    + ", which the stand-ins do not model");
        };
    }
}
