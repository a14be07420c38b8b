package io.github.asyncjobs.adapter.azure.blob;

import io.github.asyncjobs.api.JobListingTest;
import io.github.asyncjobs.testing.azure.AzureStorageProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The listing's contract on Blob Storage (Azurite), through its index of blobs per owner. */
@QuarkusTest
@TestProfile(AzureStorageProfile.class)
class BlobJobListingTest extends JobListingTest {
}
