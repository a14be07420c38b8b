package io.github.asyncjobs.packaged;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The packaged application refuses to start with a bad setting, and says which one and why. */
class ConfigurationIT {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "jobs.processor.max-attempts=0         | jobs.processor.max-attempts",
            "jobs.processor.initial-backoff=-1s    | jobs.processor.initial-backoff",
            "jobs.processor.concurrency=0          | jobs.processor.concurrency",
            "jobs.queue.connector=kafka            | must be embedded-queue or azure-servicebus",
            "jobs.processor.initial-backoff=5m     | must not exceed jobs.processor.max-backoff",
            "jobs.storage.blob.endpoint=https://example.blob.core.windows.net | jobs.auth.enabled is not set, and this service runs in Azure",
            "jobs.auth.enabled=true                | jobs.auth.enabled=true needs jobs.auth.issuer and jobs.auth.audience",
            "quarkus.http.proxy.proxy-address-forwarding=true | needs quarkus.http.proxy.trusted-proxies" })
    void aBadSettingStopsTheStartWithAMessageNamingIt(String setting, String message) throws Exception {
        var dataDir = Files.createTempDirectory(Path.of("target"), "configuration-it-").toAbsolutePath().resolve("data");
        var keyValue = setting.split("=", 2);
        var refusal = PackagedApp.refusedStart(dataDir, Map.of(keyValue[0], keyValue[1]));
        assertThat(refusal.exitCode()).isNotZero();
        assertThat(refusal.log()).contains(message);
    }
}
