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

/** The README walk-through with the data folder given as an absolute path through a symbolic link. */
@QuarkusTest
@TestProfile(SymlinkedDataDirTest.SymlinkedPath.class)
class SymlinkedDataDirTest extends JobFlowTest {

    public static class SymlinkedPath implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            var folders = Path.of("target", "test-data").toAbsolutePath();
            var name = UUID.randomUUID().toString();
            try {
                var real = Files.createDirectories(folders.resolve("real-" + name));
                var link = Files.createSymbolicLink(folders.resolve("link-" + name), real);
                return Map.of("jobs.storage.local.data-dir", link.toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
