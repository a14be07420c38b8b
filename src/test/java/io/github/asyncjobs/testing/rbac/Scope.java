package io.github.asyncjobs.testing.rbac;

/**
 * Where a role is assigned, as far as the stand-ins tell places apart: one Service Bus namespace with its queues, one
 * storage account with its containers, and the registry (which no stand-in serves). {@code name} is the queue's or the
 * container's; null for a namespace, an account or a registry.
 */
public record Scope(Kind kind, String name) {

    public enum Kind {
        SERVICE_BUS_NAMESPACE, SERVICE_BUS_QUEUE, STORAGE_ACCOUNT, BLOB_CONTAINER, REGISTRY
    }

    /** Whether a role assigned here applies to {@code target}: an account or a namespace covers all it holds. */
    public boolean covers(Target target) {
        return switch (kind) {
            case SERVICE_BUS_NAMESPACE -> target.service() == Target.Service.SERVICE_BUS;
            case SERVICE_BUS_QUEUE -> target.service() == Target.Service.SERVICE_BUS && name.equalsIgnoreCase(target.entity());
            case STORAGE_ACCOUNT -> target.service() == Target.Service.BLOB;
            case BLOB_CONTAINER -> target.service() == Target.Service.BLOB && name.equals(target.entity());
            case REGISTRY -> false;
        };
    }

    @Override
    public String toString() {
        return name == null ? kind.toString() : kind + " " + name;
    }
}
