package io.github.asyncjobs.testing.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.sas.BlobSasPermission;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;

import io.github.asyncjobs.testing.identity.TestTokens;
import io.github.asyncjobs.testing.rbac.AccessControl;
import io.github.asyncjobs.testing.rbac.TemplateRoles;

import reactor.core.publisher.Mono;

/** The Blob front refuses as Blob Storage does what the roles of the templates do not allow, and passes the rest on. */
class RoleCheckingBlobFrontTest {

    private static final String CONTAINER = "jobs";

    private static Azurite azurite;
    private static RoleCheckingBlobFront front;
    private static AccessControl access;

    @BeforeAll
    static void start() {
        azurite = Azurite.start();
        Azurite.createContainer(azurite.endpoint(), CONTAINER);
        // The templates' roles, less the worker's Storage Blob Delegator: it keeps Contributor on the container.
        access = new AccessControl(TemplateRoles.read(new TemplateRoles.Names("jobs", CONTAINER)).stream()
                .filter(assignment -> !assignment.symbol().equals("workerGetsDelegationKeys")).toList())
                .actAs("api-oid", "api").actAs("worker-oid", "worker");
        front = RoleCheckingBlobFront.start(azurite, access);
    }

    @AfterAll
    static void stop() {
        front.close();
        azurite.stop();
    }

    @Test
    void blobsNeedADataRoleOnTheContainer() {
        var api = container("api-oid");
        api.getBlobClient("a.json").upload(BinaryData.fromString("{}"), true);
        assertThat(container("worker-oid").getBlobClient("a.json").downloadContent().toString()).isEqualTo("{}");
        assertThatThrownBy(() -> container("stranger-oid").getBlobClient("a.json").downloadContent())
                .isInstanceOfSatisfying(BlobStorageException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(403);
                    assertThat(e.getErrorCode().toString()).isEqualTo("AuthorizationPermissionMismatch");
                    assertThat(e.getServiceMessage()).contains("not authorized to perform this operation using this permission");
                });
        // Blob index tags are the Data Owner's, which no app holds.
        assertThatThrownBy(() -> api.getBlobClient("a.json").setTags(Map.of("k", "v")))
                .isInstanceOfSatisfying(BlobStorageException.class, e -> assertThat(e.getStatusCode()).isEqualTo(403));
    }

    @Test
    void aUserDelegationKeyNeedsARoleAtTheAccountAndItsSasNeedsNoToken() {
        var now = OffsetDateTime.now();
        assertThatThrownBy(() -> service("worker-oid").getUserDelegationKey(now, now.plusHours(1)))
                .isInstanceOfSatisfying(BlobStorageException.class, e -> assertThat(e.getStatusCode()).isEqualTo(403));
        var key = service("api-oid").getUserDelegationKey(now.minusMinutes(1), now.plusHours(1));
        var blob = container("api-oid").getBlobClient("b.json");
        blob.upload(BinaryData.fromString("{\"b\":1}"), true);
        var sas = blob.generateUserDelegationSas(new BlobServiceSasSignatureValues(now.plusMinutes(10),
                new BlobSasPermission().setReadPermission(true)), key);
        var download = HttpsDownloads.get(blob.getBlobUrl() + "?" + sas);
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo("{\"b\":1}");
        assertThat(access.usedBy("api")).extracting(use -> use.right().azureName()).contains("generateUserDelegationKey", "blobs/write");
    }

    private static BlobServiceClient service(String objectId) {
        TokenCredential credential = request -> Mono.fromSupplier(() -> new AccessToken(
                TestTokens.accessToken("https://storage.azure.com", objectId, OffsetDateTime.now()), OffsetDateTime.now().plusHours(1)));
        Azurite.trustSettings().forEach(System::setProperty);
        return new BlobServiceClientBuilder().endpoint(front.endpoint()).credential(credential).buildClient();
    }

    private static BlobContainerClient container(String objectId) {
        return service(objectId).getBlobContainerClient(CONTAINER);
    }
}
