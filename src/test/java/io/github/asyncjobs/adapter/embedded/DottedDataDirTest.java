package io.github.asyncjobs.adapter.embedded;

import java.util.Map;
import java.util.UUID;

import io.github.asyncjobs.api.JobFlowTest;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** The README walk-through with a data folder given as a path that is not normalized ({@code ./…/x/../x}). */
@QuarkusTest
@TestProfile(DottedDataDirTest.DottedPath.class)
class DottedDataDirTest extends JobFlowTest {

    public static class DottedPath implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            var folder = "dotted-" + UUID.randomUUID();
            return Map.of("jobs.storage.local.data-dir", "./target/test-data/" + folder + "/../" + folder);
        }
    }
}
