package io.github.asyncjobs.adapter.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.asyncjobs.config.JobsConfig;
import io.github.asyncjobs.config.StorageConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfigBuilder;

/** Where the result URL signing keys come from, who may read them, and how they rotate without breaking URLs. */
class ResultUrlSignerTest {

    private static final List<String> URL = List.of("results/echo/1", "1700000000", "application/json");

    @TempDir
    Path dataDir;

    @Test
    void theGeneratedKeyFileIsReadableByItsOwnerOnly() throws IOException {
        var signer = ResultUrlSigner.from(settings(Map.of()));
        var keyFile = dataDir.resolve("signing.key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        assertThat(ResultUrlSigner.from(settings(Map.of())).verify(URL, signer.sign(URL))).as("the same key after a restart").isTrue();
    }

    @Test
    void aRotatedKeyFileSignsWithItsFirstKeyAndStillVerifiesWithTheOthers() throws IOException {
        var before = ResultUrlSigner.from(settings(Map.of()));
        var handedOut = before.sign(URL);
        var keyFile = dataDir.resolve("signing.key");
        Files.writeString(keyFile, newKey() + "\n" + Files.readString(keyFile));

        var rotated = ResultUrlSigner.from(settings(Map.of()));
        assertThat(rotated.sign(URL)).as("signed with the new key").isNotEqualTo(handedOut);
        assertThat(rotated.verify(URL, handedOut)).as("a URL from before the rotation").isTrue();

        Files.writeString(keyFile, Files.readAllLines(keyFile).get(0));
        assertThat(ResultUrlSigner.from(settings(Map.of())).verify(URL, handedOut)).as("once the old key is dropped").isFalse();
    }

    @Test
    void keysFromSettingsOrASecretFileTakePrecedenceOverTheDataFolder() throws IOException {
        var previous = newKey();
        var old = ResultUrlSigner.from(settings(Map.of("jobs.storage.local.signing-key", previous)));
        var current = ResultUrlSigner.from(settings(Map.of("jobs.storage.local.signing-key", newKey(),
                "jobs.storage.local.previous-signing-keys", previous)));
        assertThat(current.verify(URL, old.sign(URL))).isTrue();
        assertThat(current.sign(URL)).isNotEqualTo(old.sign(URL));

        var secret = Files.writeString(dataDir.resolve("mounted-secret"), previous + "\n");
        var fromFile = ResultUrlSigner.from(settings(Map.of("jobs.storage.local.signing-key-file", secret.toString())));
        assertThat(fromFile.sign(URL)).isEqualTo(old.sign(URL));
        assertThat(dataDir.resolve("signing.key")).as("nothing generated").doesNotExist();
    }

    private StorageConfig.Local settings(Map<String, String> values) {
        var all = new HashMap<>(values);
        all.put("jobs.storage.local.data-dir", dataDir.toString());
        return new SmallRyeConfigBuilder().withMapping(JobsConfig.class).withDefaultValues(all)
                .withConverter(Duration.class, 200, new DurationConverter()).build()
                .getConfigMapping(JobsConfig.class).storage().local();
    }

    private static String newKey() {
        var key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
