package io.github.asyncjobs.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import io.github.asyncjobs.testing.azure.Azurite;
import io.github.asyncjobs.testing.identity.ManagedIdentityEndpoint;
import io.github.asyncjobs.testing.identity.ManagedIdentityEndpoint.Identity;
import io.github.asyncjobs.testing.rbac.AccessControl;
import io.github.asyncjobs.testing.rbac.TemplateRoles;
import io.github.asyncjobs.testing.servicebus.QueueSettings;
import io.github.asyncjobs.testing.servicebus.TestServiceBus;
import io.github.asyncjobs.testing.servicebus.TlsFront;

/**
 * The outage drill (docs/reliability.md): the packaged app under load from concurrent clients while its dependencies go
 * away for some seconds each, one after the other: in full Azure mode the broker, then Blob Storage (the test broker and
 * Azurite, stopped and started again); in the embedded default the database (another process holds its write lock).
 * Reports how accepts were answered while each was down (503s, how fast), when readiness went down and came back, and
 * then what became of every job answered 202: lost, failed, stuck, wrong, or made without a 202 must all be 0.
 * Usage (src/bench/outage-drill.sh): OutageDrill embedded|azure [seconds per phase] [clients]
 */
public final class OutageDrill {

    private static final Pattern STATUS = Pattern.compile("\"status\":\"(\\w+)\"");
    private static final Pattern RESULT = Pattern.compile("\"resourceLocation\":\"([^\"]+)\"");
    private static final Duration SETTLE = Duration.ofMinutes(5);
    private static final Duration RECOVERY = Duration.ofMinutes(3);

    private record Outage(String name, Step down, Step up) {
    }

    private interface Step {
        void run() throws Exception;
    }

    /** How the accepts were answered while one phase lasted. */
    private static final class Phase {
        final String name;
        final AtomicLong accepted = new AtomicLong();
        final AtomicLong unavailable = new AtomicLong();
        final AtomicLong other = new AtomicLong();
        final AtomicLong slowestUnavailableMillis = new AtomicLong();
        final AtomicLong slowestAcceptedMillis = new AtomicLong();
        final List<Long> unavailableMillis = new CopyOnWriteArrayList<>();
        volatile Instant readinessDown;
        volatile Instant firstAccepted;
        volatile Instant start = Instant.now();
        volatile Instant end;

        Phase(String name) {
            this.name = name;
        }
    }

    private HttpClient http;
    private final Map<String, Long> accepted = new ConcurrentHashMap<>();
    private final List<Phase> phases = new CopyOnWriteArrayList<>();
    private final Map<String, Long> otherStatuses = new ConcurrentHashMap<>();
    private volatile Phase current;
    private String base;
    /** Health and metrics: the management interface's own port. */
    private String management;

    public static void main(String[] args) throws Exception {
        var mode = args.length > 0 ? args[0] : "embedded";
        var phase = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 10);
        int clients = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        System.exit(new OutageDrill().run(mode, phase, clients) ? 0 : 1);
    }

    private boolean run(String mode, Duration phase, int clients) throws Exception {
        var work = Files.createTempDirectory(Path.of("target"), "outage-drill-").toAbsolutePath();
        var outages = new ArrayList<Outage>();
        var config = new HashMap<String, String>();
        var environment = new HashMap<String, String>();
        var closing = new ArrayList<AutoCloseable>();
        if (mode.equals("azure")) {
            var azurite = Azurite.start();
            var identity = Identity.named("async-jobs");
            var broker = TestServiceBus.start(AccessControl.forTheWholeService(new TemplateRoles.Names("jobs", "jobs"), identity.objectId()));
            broker.createJobQueues("jobs", QueueSettings.asDeployed().withLockDuration(Duration.ofSeconds(60)));
            var tls = TlsFront.start(Azurite.certificate(), Azurite.STORE_PASSWORD, broker.port(), Duration.ZERO);
            var identities = ManagedIdentityEndpoint.start(identity);
            Azurite.createContainer(azurite.endpoint(), "jobs");
            closing.addAll(List.of(azurite::stop, tls, broker, identities));
            environment.putAll(identities.environment(identity));
            environment.put("JOBS_STORAGE_BLOB_ENDPOINT", azurite.endpoint());
            environment.put("JOBS_QUEUE_CONNECTOR", "azure-servicebus");
            environment.put("JOBS_QUEUE_SERVICEBUS_NAMESPACE", "127.0.0.1");
            config.putAll(Azurite.trustSettings());
            Azurite.trustSettings().forEach(System::setProperty);
            outages.add(new Outage("broker", broker::stop, broker::restart));
            outages.add(new Outage("store", azurite::stop, azurite::restart));
        } else {
            var database = work.resolve("data").resolve("jobs.db");
            var holder = new Connection[1];
            outages.add(new Outage("store", () -> holder[0] = lock(database), () -> {
                holder[0].createStatement().execute("ROLLBACK");
                holder[0].close();
            }));
        }
        // HTTP/1.1, a connection per client, as API clients and reverse proxies mostly talk to a service. Made after the
        // stand-ins, so that it trusts Azurite's certificate for result downloads.
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        var app = start(work, config, environment);
        try {
            System.out.printf("# outage drill, %s mode, %d clients, %s per phase; %s, %d cores%n", mode, clients, phase,
                    Instant.now(), Runtime.getRuntime().availableProcessors());
            return drill(phase, clients, outages);
        } finally {
            app.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            for (var closeable : closing) {
                closeable.close();
            }
        }
    }

    private boolean drill(Duration phase, int clients, List<Outage> outages) throws Exception {
        var loading = new AtomicBoolean(true);
        var pool = Executors.newFixedThreadPool(clients + 1);
        var sequence = new AtomicLong();
        enter("normal");
        for (int i = 0; i < clients; i++) {
            pool.submit(() -> {
                while (loading.get()) {
                    submit(sequence.incrementAndGet());
                }
                return null;
            });
        }
        pool.submit(() -> watchReadiness(loading));
        Thread.sleep(phase.toMillis());
        for (var outage : outages) {
            outage.down().run();
            enter(outage.name() + " down");
            Thread.sleep(phase.toMillis());
            outage.up().run();
            enter("after " + outage.name());
            // Recovery takes as long as it takes (up to RECOVERY); then a phase of normal load.
            var back = Instant.now().plus(RECOVERY);
            while (current.firstAccepted == null && Instant.now().isBefore(back)) {
                Thread.sleep(100);
            }
            Thread.sleep(phase.toMillis());
        }
        // Requests under way are answered before the count: one cut off here would look like a job made without a 202.
        loading.set(false);
        current.end = Instant.now();
        pool.shutdown();
        pool.awaitTermination(60, TimeUnit.SECONDS);
        report();
        return settle();
    }

    private void submit(long n) throws InterruptedException {
        var phase = current;
        long start = System.nanoTime();
        try {
            var response = http.send(HttpRequest.newBuilder(URI.create(base + "/api/jobs")).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"type\": \"echo\", \"input\": {\"drill\": " + n + "}}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            long millis = (System.nanoTime() - start) / 1_000_000;
            switch (response.statusCode()) {
                case 202 -> {
                    if (phase.accepted.incrementAndGet() == 1) {
                        phase.firstAccepted = Instant.now();
                    }
                    phase.slowestAcceptedMillis.accumulateAndGet(millis, Math::max);
                    var id = response.body().replaceAll("(?s).*\"id\":\"([^\"]+)\".*", "$1");
                    accepted.put(id, n);
                }
                case 503 -> {
                    phase.unavailable.incrementAndGet();
                    phase.unavailableMillis.add(millis);
                    phase.slowestUnavailableMillis.accumulateAndGet(millis, Math::max);
                    // As a client that honours Retry-After would, briefly: the drill wants many samples.
                    Thread.sleep(200);
                }
                default -> {
                    phase.other.incrementAndGet();
                    otherStatuses.merge(String.valueOf(response.statusCode()), 1L, Long::sum);
                }
            }
        } catch (IOException | RuntimeException e) {
            phase.other.incrementAndGet();
            otherStatuses.merge("no answer: " + e.getClass().getSimpleName(), 1L, Long::sum);
        }
    }

    private Void watchReadiness(AtomicBoolean loading) throws InterruptedException {
        while (loading.get()) {
            var phase = current;
            try {
                var status = http.send(HttpRequest.newBuilder(URI.create(management + "/q/health/ready")).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status != 200 && phase.readinessDown == null) {
                    phase.readinessDown = Instant.now();
                }
            } catch (IOException e) {
                // counted as nothing: the drill is about the service's own answer
            }
            Thread.sleep(250);
        }
        return null;
    }

    private void enter(String name) {
        System.out.printf("%s %s%n", Instant.now(), name);
        var phase = new Phase(name);
        if (current != null) {
            current.end = phase.start;
        }
        phases.add(phase);
        current = phase;
    }

    private void report() {
        System.out.printf("%-16s %8s %10s %8s %9s %8s %8s %8s %-21s %s%n", "phase", "202", "202 max ms", "503", "503 p50ms", "p99ms",
                "max ms", "other", "readiness down after", "first 202 after");
        for (var phase : phases) {
            var sorted = phase.unavailableMillis.stream().sorted().toList();
            System.out.printf("%-16s %8d %10d %8d %9s %8s %8d %8d %-21s %s%n", phase.name, phase.accepted.get(),
                    phase.slowestAcceptedMillis.get(), phase.unavailable.get(),
                    percentile(sorted, 0.5), percentile(sorted, 0.99), phase.slowestUnavailableMillis.get(), phase.other.get(),
                    since(phase, phase.readinessDown), since(phase, phase.firstAccepted));
        }
        if (!otherStatuses.isEmpty()) {
            System.out.println("other answers: " + otherStatuses);
        }
    }

    private static String since(Phase phase, Instant moment) {
        return moment == null ? "-" : Duration.between(phase.start, moment).toMillis() + " ms";
    }

    private static String percentile(List<Long> sorted, double share) {
        return sorted.isEmpty() ? "-" : String.valueOf(sorted.get((int) Math.min(sorted.size() - 1, Math.floor(share * sorted.size()))));
    }

    /** Waits until every accepted job has finished, then checks each: its own result, no job made without a 202. */
    private boolean settle() throws Exception {
        var deadline = Instant.now().plus(SETTLE);
        var waiting = new ArrayList<>(accepted.keySet());
        long lost = 0;
        long failed = 0;
        long wrong = 0;
        long begin = System.nanoTime();
        while (!waiting.isEmpty() && Instant.now().isBefore(deadline)) {
            var still = new ArrayList<String>();
            for (var id : waiting) {
                var monitor = get(base + "/api/jobs/" + id);
                var status = STATUS.matcher(monitor.body());
                if (monitor.statusCode() == 404) {
                    lost++;
                } else if (monitor.statusCode() != 200 || !status.find() || !isTerminal(status.group(1))) {
                    still.add(id);
                } else if (!status.group(1).equals("Succeeded")) {
                    failed++;
                    System.out.println("job " + id + " ended " + monitor.body());
                } else {
                    var result = RESULT.matcher(monitor.body());
                    if (!result.find() || !get(result.group(1)).body().matches("\\{\"drill\":\\s*" + accepted.get(id) + "}")) {
                        wrong++;
                    }
                }
            }
            waiting = still;
            if (!waiting.isEmpty()) {
                Thread.sleep(500);
            }
        }
        long made = Math.round(metric("jobs_accepted_total"));
        System.out.printf("accepted (202) %d; after the load every one finished within %d s: lost %d, failed %d, stuck %d,"
                + " wrong result %d; jobs the service made %d, made without a 202 %d%n", accepted.size(),
                (System.nanoTime() - begin) / 1_000_000_000, lost, failed, waiting.size(), wrong, made, made - accepted.size());
        return lost + failed + waiting.size() + wrong == 0 && made == accepted.size();
    }

    private static boolean isTerminal(String status) {
        return status.equals("Succeeded") || status.equals("Failed") || status.equals("Canceled");
    }

    private double metric(String name) throws Exception {
        // "name{labels} value # {exemplar} ...": the value is the second field.
        return get(management + "/q/metrics").body().lines().filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                .mapToDouble(line -> Double.parseDouble(line.split(" ")[1])).sum();
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Another process holding the database's write lock: every write of the service waits, then fails. */
    private static Connection lock(Path database) throws SQLException {
        var connection = DriverManager.getConnection("jdbc:sqlite:" + database);
        connection.createStatement().execute("BEGIN EXCLUSIVE");
        return connection;
    }

    private Process start(Path work, Map<String, String> config, Map<String, String> environment) throws Exception {
        int port = freePort();
        int managementPort = freePort();
        base = "http://localhost:" + port;
        management = "http://localhost:" + managementPort;
        // Echo jobs and no token checks, said explicitly, as the prod profile wants; the clients are one caller posting
        // as fast as they can, which no per-caller limit may slow.
        var command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquarkus.http.port=" + port, "-Dquarkus.management.port=" + managementPort, "-Djobs.echo.enabled=true",
                "-Djobs.auth.enabled=false", "-Djobs.storage.local.data-dir=" + work.resolve("data"),
                "-Djobs.limits.rate=1000000", "-Djobs.limits.burst=1000000", "-Djobs.limits.max-unfinished=1000000"));
        config.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", Path.of("target", "quarkus-app", "quarkus-run.jar").toString()));
        var builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(work.resolve("service.log").toFile());
        builder.environment().putAll(environment);
        var process = builder.start();
        var deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            try {
                if (get(management + "/q/health/ready").statusCode() == 200) {
                    return process;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("The service did not become ready; see " + work.resolve("service.log"));
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
