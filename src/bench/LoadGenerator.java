import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * End-to-end load: submits N echo jobs at a target rate (open loop), polls each one's status as its Retry-After
 * says, follows the 303 to the result, downloads it and checks it is the job's own input. Reports accept latency,
 * completion latency (accepted -> result downloaded, as a client sees it), sustained jobs/s and errors.
 *
 * Run (JDK 17+, no build): java src/bench/LoadGenerator.java [base-url] [jobs] [jobs-per-second] [max-in-flight] [follow]
 * e.g. java src/bench/LoadGenerator.java http://127.0.0.1:8080 10000 2000 512
 * With follow = false it only submits (and counts 202s): for filling a store.
 */
public class LoadGenerator {

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");

    private final URI base;
    private final HttpClient client;
    private final Semaphore inFlight;
    /** Requests under way at once: the JDK client opens one connection per concurrent HTTP/1.1 request. */
    private final Semaphore requests = new Semaphore(256);
    private final java.util.concurrent.ExecutorService senders = Executors.newFixedThreadPool(4);
    private final Latencies accepts = new Latencies();
    private final Latencies completions = new Latencies();
    private final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
    private final AtomicLong polls = new AtomicLong();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    /** Latencies in microseconds, collected from many threads. */
    static final class Latencies {
        private final ConcurrentLinkedQueue<Long> values = new ConcurrentLinkedQueue<>();

        void add(long nanos) {
            values.add(nanos / 1_000);
        }

        String summary() {
            var sorted = new ArrayList<>(values);
            Collections.sort(sorted);
            if (sorted.isEmpty()) {
                return "none";
            }
            return String.format(Locale.ROOT, "p50 %s, p99 %s, p99.9 %s, max %s", at(sorted, 0.50), at(sorted, 0.99),
                    at(sorted, 0.999), ms(sorted.get(sorted.size() - 1)));
        }

        private static String at(List<Long> sorted, double quantile) {
            return ms(sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(quantile * sorted.size()) - 1)));
        }

        private static String ms(long micros) {
            return String.format(Locale.ROOT, "%.1f ms", micros / 1000.0);
        }
    }

    private final boolean follow;

    LoadGenerator(URI base, int maxInFlight, boolean follow) {
        this.base = base;
        this.follow = follow;
        this.inFlight = new Semaphore(maxInFlight);
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    }

    public static void main(String[] args) throws Exception {
        var base = URI.create(args.length > 0 ? args[0] : "http://127.0.0.1:8080");
        int jobs = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int rate = args.length > 2 ? Integer.parseInt(args[2]) : 2_000;
        int maxInFlight = args.length > 3 ? Integer.parseInt(args[3]) : 512;
        boolean follow = args.length <= 4 || Boolean.parseBoolean(args[4]);
        new LoadGenerator(base, maxInFlight, follow).run(jobs, rate);
        System.exit(0);
    }

    void run(int jobs, int rate) throws Exception {
        System.out.printf(Locale.ROOT, "# %d echo jobs at %d/s against %s, at most %d jobs in flight%n", jobs, rate, base,
                inFlight.availablePermits());
        var all = new ArrayList<CompletableFuture<Void>>(jobs);
        long start = System.nanoTime();
        long interval = 1_000_000_000L / rate;
        for (int i = 0; i < jobs; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            // Open loop, bounded: if the service falls behind by more than max-in-flight jobs, submission waits.
            inFlight.acquire();
            all.add(job(i).whenComplete((done, failure) -> inFlight.release()));
        }
        long submitted = System.nanoTime();
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        long end = System.nanoTime();
        double seconds = (end - start) / 1e9;
        System.out.printf(Locale.ROOT, "submitted in %.1f s (%.0f jobs/s offered), all done in %.1f s: %.0f jobs/s end to end%n",
                (submitted - start) / 1e9, jobs / ((submitted - start) / 1e9), seconds, jobs / seconds);
        System.out.println("accept latency (POST -> 202): " + accepts.summary());
        System.out.println("completion latency (POST -> result downloaded): " + completions.summary());
        System.out.printf(Locale.ROOT, "status polls: %d (%.2f per job)%n", polls.get(), polls.get() / (double) jobs);
        System.out.println("errors: " + errors.size());
        errors.stream().limit(10).forEach(e -> System.out.println("  " + e));
        timer.shutdownNow();
        senders.shutdownNow();
    }

    private CompletableFuture<Void> job(int n) {
        var input = "{\"n\":" + n + ",\"note\":\"load generator\"}";
        var body = "{\"type\":\"echo\",\"input\":" + input + "}";
        long begin = System.nanoTime();
        var post = HttpRequest.newBuilder(base.resolve("/api/jobs")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return send(post).thenCompose(accepted -> {
            accepts.add(System.nanoTime() - begin);
            if (accepted.statusCode() != 202) {
                return failed("POST " + accepted.statusCode() + " " + accepted.body());
            }
            var id = ID.matcher(accepted.body());
            if (!id.find()) {
                return failed("202 without an id: " + accepted.body());
            }
            if (!follow) {
                return CompletableFuture.<Void> completedFuture(null);
            }
            return poll(base.resolve("/api/jobs/" + id.group(1) + "/status"), input).thenRun(() -> completions.add(System.nanoTime() - begin));
        }).exceptionally(failure -> {
            errors.add(failure.toString());
            return null;
        });
    }

    private CompletableFuture<Void> poll(URI status, String input) {
        polls.incrementAndGet();
        return send(HttpRequest.newBuilder(status).build()).thenCompose(answer -> {
            if (answer.statusCode() == 202) {
                long seconds = answer.headers().firstValueAsLong("Retry-After").orElse(1);
                return later(Duration.ofSeconds(seconds)).thenCompose(x -> poll(status, input));
            }
            if (answer.statusCode() != 303) {
                return failed("status " + answer.statusCode() + " " + answer.body());
            }
            var result = status.resolve(answer.headers().firstValue("Location").orElseThrow());
            return send(HttpRequest.newBuilder(result).build()).thenCompose(download ->
                    download.statusCode() == 200 && download.body().replace(" ", "").equals(input.replace(" ", ""))
                            ? CompletableFuture.completedFuture(null)
                            : failed("result " + download.statusCode() + " " + download.body() + " for " + input));
        });
    }

    private CompletableFuture<HttpResponse<String>> send(HttpRequest request) {
        return CompletableFuture.runAsync(requests::acquireUninterruptibly, senders)
                .thenCompose(permit -> client.sendAsync(request, HttpResponse.BodyHandlers.ofString()))
                .whenComplete((response, failure) -> requests.release());
    }

    private CompletableFuture<Void> later(Duration delay) {
        var done = new CompletableFuture<Void>();
        timer.schedule(() -> done.complete(null), delay.toMillis(), TimeUnit.MILLISECONDS);
        return done;
    }

    private static CompletableFuture<Void> failed(String error) {
        return CompletableFuture.failedFuture(new IllegalStateException(error));
    }
}
