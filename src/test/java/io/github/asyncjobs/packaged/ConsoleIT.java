package io.github.asyncjobs.packaged;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The console in a real browser against the packaged service (src/test/console/console-flow.mjs: Debian's Chromium
 * driven by playwright-core, each view checked with axe-core). The build installs the tools meanwhile
 * (src/test/console/install.sh); on a machine where no browser can be installed this test says so and skips.
 * Screenshots: target/console-screenshots.
 */
class ConsoleIT {

    private static final Path TOOLS = Path.of("target", "console-tests").toAbsolutePath();
    private static final Path SCRIPT = Path.of("src", "test", "console", "console-flow.mjs").toAbsolutePath();

    @Test
    void aCallerSubmitsFollowsDownloadsCancelsAndFindsJobsInTheConsole() throws Exception {
        toolsInstalled();
        var dataDir = Files.createTempDirectory(Path.of("target"), "console-it-").toAbsolutePath().resolve("data");
        try (var app = PackagedApp.start(dataDir, Map.of())) {
            var log = TOOLS.resolve("console-flow.log");
            var process = new ProcessBuilder(List.of("node", SCRIPT.toString(), app.baseUrl(),
                    Path.of("target", "console-screenshots").toAbsolutePath().toString()))
                    .directory(TOOLS.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!process.waitFor(3, TimeUnit.MINUTES)) {
                process.destroyForcibly();
            }
            assertThat(process.isAlive() ? -1 : process.exitValue()).as("the browser flow; it printed:%n%s", Files.readString(log))
                    .isZero();
        }
    }

    /** Waits for the build's install (or runs it, outside the build), then skips, saying why, without a browser. */
    private static void toolsInstalled() throws Exception {
        if (!Files.exists(TOOLS.resolve("installed")) && !Files.exists(TOOLS.resolve("installing"))) {
            new ProcessBuilder("bash", Path.of("src", "test", "console", "install.sh").toAbsolutePath().toString(), TOOLS.toString())
                    .inheritIO().start().waitFor(10, TimeUnit.MINUTES);
        }
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofSeconds(1))
                .until(() -> Files.exists(TOOLS.resolve("installed")) || Files.exists(TOOLS.resolve("failed")));
        assertThat(TOOLS.resolve("failed")).as("npm ci of the console's test tools; see %s", TOOLS.resolve("install.log")).doesNotExist();
        var browser = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
        Assumptions.assumeTrue(Files.isExecutable(browser), () -> "No Chromium at " + browser + ": the console's browser test"
                + " cannot run here (" + TOOLS.resolve("install.log") + " says why)");
    }
}
