package io.github.asyncjobs.testing.rbac;

/**
 * What a request acts on: a Service Bus queue (its sub-queues included), or, in Blob Storage, a container ({@code
 * entity}) or the account itself ({@code entity} null: Get User Delegation Key, list containers).
 */
public record Target(Service service, String entity) {

    public enum Service {
        SERVICE_BUS, BLOB
    }

    public static Target queue(String name) {
        return new Target(Service.SERVICE_BUS, name);
    }

    public static Target container(String name) {
        return new Target(Service.BLOB, name);
    }

    public static Target storageAccount() {
        return new Target(Service.BLOB, null);
    }

    @Override
    public String toString() {
        return service == Service.SERVICE_BUS ? "queue " + entity : entity == null ? "storage account" : "container " + entity;
    }
}
