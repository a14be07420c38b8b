package io.github.asyncjobs.adapter.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import io.github.asyncjobs.api.JobFlowTest;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The README walk-through with the data folder given as a relative path that is not normalized and goes through a
 * symbolic link ({@code ./…/link/../link}, the link to a folder beside it). Absolute paths are what the packaged tests
 * give.
 */
@QuarkusTest
@TestProfile(UnusualDataDirTest.UnusualSetup.class)
public class UnusualDataDirTest extends JobFlowTest {

    /** Settings out of the ordinary that do not get in each other's way: such a data folder, and another proxy trusted. */
    public static class UnusualSetup implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            var folders = Path.of("target", "test-data");
            var name = UUID.randomUUID().toString();
            try {
                var real = Files.createDirectories(folders.resolve("real-" + name)).toAbsolutePath();
                Files.createSymbolicLink(folders.resolve("link-" + name), real);
                return Map.of("jobs.storage.local.data-dir", "./" + folders + "/link-" + name + "/../link-" + name,
                        "quarkus.http.proxy.trusted-proxies", "10.20.30.40");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
