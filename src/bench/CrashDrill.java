import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * Crash drill on the packaged app (embedded default): a concurrent client submits N jobs (echo with distinct payloads,
 * every fifth with an Idempotency-Key, every tenth a sales report) while the app is SIGKILLed and restarted at random
 * moments, at least 5 times. A request that got no answer or a 503 is retried as a client would (same key when it has
 * one). Afterwards: every job answered 202 must be Succeeded with its own result, no accepted id unknown, every key
 * must replay to its job, and nothing may still be waiting. Prints the counts; exits 1 unless all are zero.
 *
 * Run (JDK 17+, after ./mvnw package): java src/bench/CrashDrill.java [jobs, default 3000] [kills, default 5]
 */
public class CrashDrill {

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");
    private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"(\\w+)\"");
    private static final Pattern LOCATION = Pattern.compile("\"resourceLocation\"\\s*:\\s*\"([^\"]+)\"");
    private static final int PORT = 18095;
    private static final String BASE = "http://127.0.0.1:" + PORT;
    /** Health and metrics: the management interface's own port. */
    private static final String MANAGEMENT = "http://127.0.0.1:" + (PORT + 1000);

    private record Submitted(int index, String body, String key) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Path dataDir;
    private final String runId = Long.toHexString(new Random().nextLong());
    private final Map<String, Submitted> accepted = new ConcurrentHashMap<>();
    private final Map<String, String> keyed = new ConcurrentHashMap<>();
    private volatile Process app;
    private int halts;

    CrashDrill(Path dataDir) {
        this.dataDir = dataDir;
    }

    public static void main(String[] args) throws Exception {
        int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        int kills = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        var drill = new CrashDrill(java.nio.file.Files.createTempDirectory("crash-drill-"));
        var passed = false;
        try {
            passed = drill.run(jobs, kills);
        } catch (Exception e) {
            e.printStackTrace();
        } finally {
            // The clients' threads would keep the drill alive, and an app left running would hold its port.
            if (drill.app != null) {
                drill.app.destroyForcibly();
            }
        }
        System.exit(passed ? 0 : 1);
    }

    boolean run(int jobs, int kills) throws Exception {
        start();
        var next = new AtomicInteger();
        var clients = Executors.newFixedThreadPool(8);
        for (int c = 0; c < 8; c++) {
            clients.submit(() -> {
                for (int i = next.getAndIncrement(); i < jobs; i = next.getAndIncrement()) {
                    submit(request(i));
                }
                return null;
            });
        }
        var random = new Random();
        int killed = 0;
        clients.shutdown();
        // Kill while clients submit, and, if they finish first, while the backlog is processed. An app that halted by
        // itself at the fault point (SERVICE_OPTS=-Djobs.drill-halt-before-queueing=...) is restarted at once.
        while (!clients.awaitTermination(1000 + random.nextInt(3000), TimeUnit.MILLISECONDS) || killed < kills) {
            if (app.isAlive()) {
                app.destroyForcibly().waitFor();
                killed++;
                System.out.printf("kill %d after %d jobs accepted%n", killed, accepted.size());
            } else {
                halted();
            }
            start();
        }
        return verify(killed + halts);
    }

    private Submitted request(int i) {
        String body = i % 10 == 9
                ? "{\"type\": \"sales-report\", \"input\": {\"events\": [{\"id\": " + i + ", \"store_id\": 2, \"cust_id\": 3, "
                        + "\"category\": \"Books\", \"sku\": \"A\", \"price\": 10, \"qty\": 2, \"discount\": 0, "
                        + "\"ts\": \"2024-05-01T10:15:00Z\", \"event_type\": \"sale_event\"}]}}"
                : "{\"type\": \"echo\", \"input\": {\"drill\": \"" + runId + "\", \"n\": " + i + "}}";
        return new Submitted(i, body, i % 5 == 0 ? "drill-" + runId + "-" + i : null);
    }

    /** Posts until answered 202, as a client that retries on errors would. */
    private void submit(Submitted job) throws InterruptedException {
        while (true) {
            try {
                var builder = HttpRequest.newBuilder(URI.create(BASE + "/api/jobs")).timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(job.body()));
                if (job.key() != null) {
                    builder.header("Idempotency-Key", job.key());
                }
                var response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 202) {
                    var matcher = ID.matcher(response.body());
                    matcher.find();
                    accepted.put(matcher.group(1), job);
                    if (job.key() != null) {
                        var earlier = keyed.putIfAbsent(job.key(), matcher.group(1));
                        if (earlier != null && !earlier.equals(matcher.group(1))) {
                            System.out.printf("key %s named %s, then %s%n", job.key(), earlier, matcher.group(1));
                        }
                    }
                    return;
                }
            } catch (java.io.IOException e) {
                // the app is down: retry
            }
            Thread.sleep(100);
        }
    }

    private boolean verify(int killed) throws Exception {
        var deadline = Instant.now().plus(Duration.ofMinutes(3));
        int lost = 0;
        int stuck = 0;
        int failed = 0;
        int wrong = 0;
        for (var entry : accepted.entrySet()) {
            Reply monitor;
            while (true) {
                // A 503 or a refused connection is the service saying "not now": asked again, as a client would.
                monitor = get("/api/jobs/" + entry.getKey());
                var status = STATUS.matcher(monitor.body());
                var pending = monitor.statusCode() != 200 && monitor.statusCode() != 404
                        || monitor.statusCode() == 200 && status.find() && List.of("NotStarted", "Running").contains(status.group(1));
                if (!pending || Instant.now().isAfter(deadline)) {
                    break;
                }
                Thread.sleep(100);
            }
            var status = STATUS.matcher(monitor.body());
            if (monitor.statusCode() != 200 || !status.find()) {
                lost++;
                System.out.printf("job %s answered %d: %s%n", entry.getKey(), monitor.statusCode(), monitor.body());
            } else if (!status.group(1).equals("Succeeded")) {
                if (status.group(1).equals("Failed")) {
                    failed++;
                } else {
                    stuck++;
                }
                System.out.printf("job %s ended %s: %s%n", entry.getKey(), status.group(1), monitor.body());
            } else if (!resultIsRight(monitor.body(), entry.getValue())) {
                wrong++;
            }
        }
        int keyMismatches = 0;
        for (var entry : keyed.entrySet()) {
            var job = accepted.get(entry.getValue());
            var builder = HttpRequest.newBuilder(URI.create(BASE + "/api/jobs")).header("Content-Type", "application/json")
                    .header("Idempotency-Key", entry.getKey()).POST(HttpRequest.BodyPublishers.ofString(job.body()));
            var replay = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            while (replay.statusCode() == 503 && Instant.now().isBefore(deadline)) {
                Thread.sleep(100);
                replay = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            }
            var id = ID.matcher(replay.body());
            if (replay.statusCode() != 202 || !id.find() || !id.group(1).equals(entry.getValue())
                    || !replay.body().contains("\"Succeeded\"")) {
                keyMismatches++;
                System.out.printf("key %s (job %s) replayed %d: %s%n", entry.getKey(), entry.getValue(), replay.statusCode(),
                        replay.body());
            }
        }
        app.destroy();
        app.waitFor();
        System.out.printf("kills and halts %d; accepted %d; lost %d, stuck %d, failed %d, wrong results %d, keys not replaying %d%n",
                killed, accepted.size(), lost, stuck, failed, wrong, keyMismatches);
        return killed >= 1 && lost + stuck + failed + wrong + keyMismatches == 0;
    }

    private boolean resultIsRight(String monitor, Submitted job) throws Exception {
        var location = LOCATION.matcher(monitor);
        if (!location.find()) {
            return false;
        }
        var url = location.group(1).replace("\\u0026", "&");
        var result = http.send(HttpRequest.newBuilder(URI.create(url.startsWith("http") ? url : BASE + url)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (result.statusCode() != 200) {
            return false;
        }
        return job.body().contains("sales-report") ? result.body().contains("\"gross_sales\"")
                : result.body().replace(" ", "").matches("(?s).*\"n\":" + job.index() + "[,}].*") && result.body().contains(runId);
    }

    private record Reply(int statusCode, String body) {
    }

    /** The answer, or a 599 when the service cannot be reached. */
    private Reply get(String path) throws Exception {
        try {
            var response = http.send(HttpRequest.newBuilder(URI.create(BASE + path)).build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body());
        } catch (java.io.IOException e) {
            return new Reply(599, e.toString());
        }
    }

    private void launch() throws Exception {
        var command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquarkus.http.port=" + PORT, "-Dquarkus.management.port=" + (PORT + 1000), "-Djobs.echo.enabled=true",
                "-Djobs.auth.enabled=false", "-Djobs.storage.local.data-dir=" + dataDir, "-Dquarkus.log.level=WARN",
                // The drill's clients are one caller posting as fast as they can: no per-caller limit in the way.
                "-Djobs.limits.rate=1000000", "-Djobs.limits.burst=1000000", "-Djobs.limits.max-unfinished=1000000",
                // What happened to each job, for a drill that fails.
                "-Dquarkus.log.category.\"io.github.asyncjobs\".level=DEBUG"));
        var serviceOptions = System.getenv().getOrDefault("SERVICE_OPTS", "").trim();
        if (!serviceOptions.isEmpty()) {
            command.addAll(List.of(serviceOptions.split("\\s+")));
        }
        command.addAll(List.of("-jar", "target/quarkus-app/quarkus-run.jar"));
        app = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolveSibling(dataDir.getFileName() + ".log").toFile()))
                .start();
    }

    /** The app stopped by itself at the fault point (SERVICE_OPTS=-Djobs.drill-halt-before-queueing=...). */
    private void halted() {
        halts++;
        System.out.printf("halt %d at the fault point between recording and queueing, after %d jobs accepted%n", halts,
                accepted.size());
    }

    /** Starts the app and waits until it is ready; one that halts while starting under load is started again. */
    private void start() throws Exception {
        launch();
        var deadline = Instant.now().plus(Duration.ofSeconds(60));
        var readiness = "no answer";
        while (Instant.now().isBefore(deadline)) {
            if (!app.isAlive()) {
                halted();
                launch();
                deadline = Instant.now().plus(Duration.ofSeconds(60));
            }
            try {
                var response = http.send(HttpRequest.newBuilder(URI.create(MANAGEMENT + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
                readiness = response.body();
            } catch (java.io.IOException e) {
                // not up yet
            }
            Thread.sleep(100);
        }
        if (app.isAlive()) {
            // What it is doing instead, for whoever reads the failure.
            new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), String.valueOf(app.pid()),
                    "Thread.print").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolveSibling(dataDir.getFileName() + ".log").toFile()))
                    .start().waitFor();
        }
        throw new IllegalStateException("the app did not become ready (" + readiness + "); see " + dataDir + ".log");
    }
}
