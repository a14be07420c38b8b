import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;

/**
 * The noisy-neighbour drill: caller B submits its jobs alone and we note how long each took (the job's own
 * createdDateTime to lastUpdatedDateTime, as the service recorded them, so polling adds nothing); then caller A submits
 * a backlog, and as soon as A's last job is accepted B submits the same number again; once A's backlog is done, B
 * submits them alone once more (a store that slows down as it fills would flatter the first). Reports B's p50/p99
 * alone and behind A's backlog, and checks that every job of both ended Succeeded (0 lost).
 *
 * Run (JDK 17+, no build): java src/bench/NoisyNeighbourDrill.java base-url token-a token-b [backlog, 20000] [b-jobs, 100]
 *     [requests at once, 64]
 * src/bench/noisy-neighbour.sh starts the service and the stand-ins and runs it.
 */
public class NoisyNeighbourDrill {

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");
    private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"(\\w+)\"");
    private static final Pattern CREATED = Pattern.compile("\"createdDateTime\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern UPDATED = Pattern.compile("\"lastUpdatedDateTime\"\\s*:\\s*\"([^\"]+)\"");
    private static final List<String> TERMINAL = List.of("Succeeded", "Failed", "Canceled");

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ExecutorService pool;
    private final URI base;
    private final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();

    NoisyNeighbourDrill(URI base, int concurrency) {
        this.base = base;
        this.pool = Executors.newFixedThreadPool(concurrency);
    }

    public static void main(String[] args) throws Exception {
        var drill = new NoisyNeighbourDrill(URI.create(args[0]), args.length > 5 ? Integer.parseInt(args[5]) : 64);
        String tokenA = args[1];
        String tokenB = args[2];
        int backlog = args.length > 3 ? Integer.parseInt(args[3]) : 20_000;
        int bJobs = args.length > 4 ? Integer.parseInt(args[4]) : 100;

        // Warm-up (JIT, connections, token cache), not counted.
        drill.awaitAll(tokenA, drill.submit(tokenA, 2_000, "warm-up"));
        var alone = drill.submit(tokenB, bJobs, "B alone");
        var aloneTimes = drill.awaitAll(tokenB, alone);
        System.out.printf(Locale.ROOT, "B alone: %d jobs, completion p50 %s, p99 %s%n", bJobs, p(aloneTimes, 0.50), p(aloneTimes, 0.99));

        long start = System.nanoTime();
        var noisy = drill.submit(tokenA, backlog, "A");
        System.out.printf(Locale.ROOT, "A: %d jobs accepted in %.1f s%n", noisy.size(), (System.nanoTime() - start) / 1e9);
        var bSubmitted = Instant.now();
        var behind = drill.submit(tokenB, bJobs, "B behind A");
        var behindTimes = drill.awaitAll(tokenB, behind);
        System.out.printf(Locale.ROOT, "B behind A's backlog: %d jobs, completion p50 %s, p99 %s (%.1fx alone)%n", bJobs,
                p(behindTimes, 0.50), p(behindTimes, 0.99), p99(behindTimes) / (double) p99(aloneTimes));
        var aTimes = drill.awaitAll(tokenA, noisy);
        System.out.printf(Locale.ROOT, "A: all %d finished %.1f s after A began submitting, %d of them after B began submitting "
                + "(A's backlog then); completion p50 %s, p99 %s%n", aTimes.size(), (System.nanoTime() - start) / 1e9,
                drill.endedAfter(bSubmitted), p(aTimes, 0.50), p(aTimes, 0.99));
        // Alone again, now that the store holds what A left: a stand-in store can slow down as it fills (Azurite does).
        var after = drill.submit(tokenB, bJobs, "B alone after");
        var afterTimes = drill.awaitAll(tokenB, after);
        System.out.printf(Locale.ROOT, "B alone again after A: %d jobs, completion p50 %s, p99 %s (behind A: %.1fx this)%n", bJobs,
                p(afterTimes, 0.50), p(afterTimes, 0.99), p99(behindTimes) / (double) p99(afterTimes));
        int submitted = alone.size() + noisy.size() + behind.size() + after.size();
        System.out.printf(Locale.ROOT, "lost: %d of %d accepted jobs did not end Succeeded; submits answered 503/429 and tried "
                + "again: %d; errors: %d%n", drill.notSucceeded, submitted, drill.retries.get(), drill.errors.size());
        drill.errors.stream().limit(10).forEach(e -> System.out.println("  " + e));
        System.exit(drill.errors.isEmpty() && drill.notSucceeded == 0 ? 0 : 1);
    }

    private int notSucceeded;
    private final java.util.concurrent.atomic.AtomicLong retries = new java.util.concurrent.atomic.AtomicLong();
    private final List<Instant> ends = Collections.synchronizedList(new ArrayList<>());

    long endedAfter(Instant instant) {
        synchronized (ends) {
            return ends.stream().filter(end -> end.isAfter(instant)).count();
        }
    }

    /** Submits {@code count} echo jobs as {@code token}, as many at a time as the pool has threads; the accepted ids. */
    List<String> submit(String token, int count, String label) throws Exception {
        var futures = new ArrayList<Future<String>>();
        for (int i = 0; i < count; i++) {
            var body = "{\"type\":\"echo\",\"input\":{\"caller\":\"" + label + "\",\"n\":" + i + "}}";
            futures.add(pool.submit(() -> {
                var post = HttpRequest.newBuilder(base.resolve("/api/jobs")).header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
                var answer = send(post);
                // As a client should: a 503 or 429 kept nothing; try again after Retry-After.
                for (int tries = 1; (answer.statusCode() == 503 || answer.statusCode() == 429) && tries < 20; tries++) {
                    retries.incrementAndGet();
                    Thread.sleep(1000 * answer.headers().firstValueAsLong("Retry-After").orElse(1));
                    answer = send(post);
                }
                var id = ID.matcher(answer.body());
                if (answer.statusCode() != 202 || !id.find()) {
                    errors.add(label + ": POST " + answer.statusCode() + " " + answer.body());
                    return null;
                }
                return id.group(1);
            }));
        }
        var ids = new ArrayList<String>();
        for (var future : futures) {
            var id = future.get();
            if (id != null) {
                ids.add(id);
            }
        }
        return ids;
    }

    /** Waits until every job has ended; each one's completion time in milliseconds, as the service recorded it. */
    List<Long> awaitAll(String token, List<String> ids) throws Exception {
        var times = Collections.synchronizedList(new ArrayList<Long>());
        var futures = new ArrayList<Future<?>>();
        for (var id : ids) {
            futures.add(pool.submit(() -> {
                while (true) {
                    var answer = send(HttpRequest.newBuilder(base.resolve("/api/jobs/" + id)).header("Authorization", "Bearer " + token).build());
                    var status = STATUS.matcher(answer.body());
                    if (answer.statusCode() == 200 && status.find() && TERMINAL.contains(status.group(1))) {
                        var created = CREATED.matcher(answer.body());
                        var updated = UPDATED.matcher(answer.body());
                        created.find();
                        updated.find();
                        times.add(Duration.between(Instant.parse(created.group(1)), Instant.parse(updated.group(1))).toMillis());
                        ends.add(Instant.parse(updated.group(1)));
                        if (!status.group(1).equals("Succeeded")) {
                            synchronized (this) {
                                notSucceeded++;
                            }
                        }
                        return null;
                    }
                    // Completion times come from the job's own timestamps, so polling once a second loses nothing and
                    // keeps the store (Azurite, one Node.js thread) for the service.
                    Thread.sleep(1000);
                }
            }));
        }
        for (var future : futures) {
            future.get();
        }
        return times;
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static long p99(List<Long> times) {
        var sorted = new ArrayList<>(times);
        Collections.sort(sorted);
        return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(0.99 * sorted.size()) - 1));
    }

    private static String p(List<Long> times, double quantile) {
        var sorted = new ArrayList<>(times);
        Collections.sort(sorted);
        return sorted.get((int) Math.min(sorted.size() - 1, Math.max(0, Math.ceil(quantile * sorted.size()) - 1))) + " ms";
    }
}
