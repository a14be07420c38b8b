package io.github.asyncjobs.packaged;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.asyncjobs.testing.azure.Azurite;
import io.github.asyncjobs.testing.identity.EntraIdStandIn;

/**
 * The console in a real browser against the packaged service (src/test/console/console-flow.mjs: Debian's Chromium
 * driven by playwright-core, each view checked with axe-core). The build installs the tools meanwhile
 * (src/test/console/install.sh); on a machine where no browser can be installed this test says so and skips.
 * Screenshots: target/console-screenshots. With authentication on, users sign in through the Entra ID stand-in.
 */
class ConsoleIT {

    private static final Path TOOLS = Path.of("target", "console-tests").toAbsolutePath();
    private static final Path SCRIPTS = Path.of("src", "test", "console").toAbsolutePath();
    private static final String CONSOLE_CLIENT = "3e9b1c7d-5a2f-4c8e-b6d4-9f1a2c3e4d05";

    @Test
    void aCallerSubmitsFollowsDownloadsCancelsAndFindsJobsInTheConsole() throws Exception {
        toolsInstalled();
        try (var app = PackagedApp.start(dataDir(), Map.of())) {
            runFlow("console-flow.mjs", app.baseUrl());
        }
    }

    /**
     * With authentication on: a caller signs in through Entra ID (the stand-in, over HTTPS as MSAL.js requires) and sees
     * only their jobs, runs a failed one again and signs out; an operator signs in and sees the charts and the failure.
     * Jobs fail here because each attempt may take 1 ms only (a sales report of 1,000 events takes longer).
     */
    @Test
    void aCallerSeesOnlyTheirJobsAndAnOperatorSeesTheServicesHour() throws Exception {
        toolsInstalled();
        try (var entraId = EntraIdStandIn.startHttps()) {
            var alice = entraId.addUser("Alice Caller", "Jobs.Submit");
            entraId.addUser("Olga Operator", "Jobs.Manage");
            var config = new HashMap<>(Azurite.trustSettings());
            config.putAll(Map.of("jobs.auth.enabled", "true", "jobs.auth.issuer", entraId.issuer(),
                    "jobs.auth.audience", EntraIdStandIn.AUDIENCE, "jobs.console.client-id", CONSOLE_CLIENT,
                    "jobs.processor.attempt-timeout", "1ms", "jobs.processor.max-attempts", "1", "jobs.metrics.sample-interval", "1s"));
            try (var app = PackagedApp.start(dataDir(), config)) {
                entraId.addApp(CONSOLE_CLIENT, app.baseUrl() + "/console/");
                var hers = submit(app, entraId.token("Jobs.Submit").objectId(alice).bearer(), salesReport(1000));
                var others = submit(app, entraId.token("Jobs.Submit").bearer(), "{\"type\": \"echo\", \"input\": {}}");
                runFlow("console-signin-flow.mjs", app.baseUrl(), hers, others);
            }
        }
    }

    private static Path dataDir() throws IOException {
        return Files.createTempDirectory(Path.of("target"), "console-it-").toAbsolutePath().resolve("data");
    }

    private static String submit(PackagedApp app, String bearer, String body) throws Exception {
        var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/api/jobs"))
                .header("Authorization", bearer).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return new ObjectMapper().readTree(response.body()).get("id").asText();
    }

    private static String salesReport(int events) {
        var list = IntStream.range(0, events).mapToObj(i -> "{\"id\": " + i + ", \"store_id\": 7, \"cust_id\": 42, \"category\": "
                + "\"toys\", \"sku\": \"T-1\", \"price\": 10, \"qty\": 1, \"discount\": 0, \"ts\": \"2024-05-01T10:15:00Z\", "
                + "\"event_type\": \"sale_event\"}").collect(Collectors.joining(", "));
        return "{\"type\": \"sales-report\", \"input\": {\"events\": [" + list + "]}}";
    }

    /** Runs a flow of src/test/console in the browser; it exits non-zero at its first failure. */
    private static void runFlow(String script, String... arguments) throws Exception {
        var log = TOOLS.resolve(script.replace(".mjs", ".log"));
        var command = new ArrayList<>(List.of("node", SCRIPTS.resolve(script).toString(), arguments[0],
                Path.of("target", "console-screenshots").toAbsolutePath().toString()));
        command.addAll(List.of(arguments).subList(1, arguments.length));
        var process = new ProcessBuilder(command).directory(TOOLS.toFile()).redirectErrorStream(true).redirectOutput(log.toFile())
                .start();
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
        }
        assertThat(process.isAlive() ? -1 : process.exitValue()).as("the browser flow; it printed:%n%s", Files.readString(log))
                .isZero();
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
