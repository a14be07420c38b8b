package io.github.asyncjobs.testing.rbac;

/**
 * A data-plane permission as Azure checks it, as fine as the stand-ins need: the claims Service Bus asks for, and the
 * Blob Storage data actions and actions the blob operations need (docs of each REST operation, "Authorization").
 */
public enum Right {
    /** Service Bus: open a sending link; schedule and cancel scheduled messages. */
    SEND("Send"),
    /** Service Bus: receiving links on an entity and its dead-letter queue; peek, renew lock, settle. */
    LISTEN("Listen"),
    /** Service Bus: manage the entity (runtime properties as KEDA reads them). */
    MANAGE("Manage"),
    /** Blob: read a blob, its properties and metadata; list blobs (blobs/read). */
    BLOB_READ("blobs/read"),
    /** Blob: create or overwrite a blob, its blocks, metadata and properties (blobs/write, blobs/add/action). */
    BLOB_WRITE("blobs/write"),
    /** Blob: delete a blob (blobs/delete). */
    BLOB_DELETE("blobs/delete"),
    /** Blob: read or write blob index tags, find blobs by tags (blobs/tags/read, blobs/tags/write, blobs/filter/action). */
    BLOB_TAGS("blobs/tags"),
    /** Blob: a container's properties and metadata (containers/read). */
    CONTAINER_READ("containers/read"),
    /** Blob: create or delete a container, set its metadata (containers/write, containers/delete). */
    CONTAINER_WRITE("containers/write"),
    /** Blob: Get User Delegation Key, a request to the account's blob service (generateUserDelegationKey/action). */
    DELEGATION_KEY("generateUserDelegationKey"),
    /** Container registry: pull an image. */
    IMAGE_PULL("pull");

    private final String azureName;

    Right(String azureName) {
        this.azureName = azureName;
    }

    /** The name Azure gives it: the claim for Service Bus, the (data) action for Blob Storage. */
    public String azureName() {
        return azureName;
    }
}
