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
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;

/**
 * Prefer: wait, measured: each job is submitted, then asked for with {@code GET /api/jobs/{id}} and {@code Prefer: wait=30}
 * at once; the answer's arrival minus the job's lastUpdatedDateTime (the service's clock, the same machine's) is its
 * completion-to-answer latency. Reports p50/p99 of it and the Blob Storage requests (by method) that the instance the
 * waiting requests went to made per waiting request, read from its jobs_storage_requests_total before and after.
 *
 * Run (JDK 17+, no build): java src/bench/PreferWaitBench.java submit-url wait-url wait-management-url [jobs, 200]
 *     [requests at once, 16]
 * src/bench/prefer-wait.sh starts the stand-ins and the instances and runs it.
 */
public class PreferWaitBench {

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");
    private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"(\\w+)\"");
    private static final Pattern UPDATED = Pattern.compile("\"lastUpdatedDateTime\"\\s*:\\s*\"([^\"]+)\"");

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public static void main(String[] args) throws Exception {
        var submit = URI.create(args[0]);
        var wait = URI.create(args[1]);
        var management = URI.create(args[2]);
        int jobs = args.length > 3 ? Integer.parseInt(args[3]) : 200;
        int concurrency = args.length > 4 ? Integer.parseInt(args[4]) : 16;

        var pool = Executors.newFixedThreadPool(concurrency);
        var errors = new ConcurrentLinkedQueue<String>();
        var before = storageRequests(management);
        var latencies = Collections.synchronizedList(new ArrayList<Long>());
        var futures = new ArrayList<Future<?>>();
        for (int i = 0; i < jobs; i++) {
            int n = i;
            futures.add(pool.submit(() -> {
                try {
                    var accepted = send(HttpRequest.newBuilder(submit.resolve("/api/jobs")).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"type\": \"echo\", \"input\": {\"n\": " + n + "}}")));
                    var id = find(ID, accepted.body());
                    var answer = send(HttpRequest.newBuilder(wait.resolve("/api/jobs/" + id)).header("Prefer", "wait=30").GET());
                    var arrived = Instant.now();
                    if (!"Succeeded".equals(find(STATUS, answer.body()))) {
                        errors.add(id + " answered " + find(STATUS, answer.body()));
                        return;
                    }
                    latencies.add(Duration.between(Instant.parse(find(UPDATED, answer.body())), arrived).toMillis());
                } catch (Exception e) {
                    errors.add(e.toString());
                }
            }));
        }
        for (var future : futures) {
            future.get();
        }
        pool.shutdown();
        var after = storageRequests(management);
        Collections.sort(latencies);
        System.out.printf(Locale.ROOT, "%d jobs, %d waiting at once: completion to answer p50 %d ms, p99 %d ms; errors %d%n", jobs,
                concurrency, p(latencies, 0.50), p(latencies, 0.99), errors.size());
        System.out.printf(Locale.ROOT, "Blob requests by the waiting instance per waiting request (its own reads and the checks): %s%n",
                perRequest(before, after, jobs));
        errors.stream().limit(5).forEach(System.out::println);
        if (!errors.isEmpty()) {
            System.exit(1);
        }
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        var response = CLIENT.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(response.statusCode() + " " + response.body());
        }
        return response;
    }

    /** jobs_storage_requests_total by method, summed over comp. */
    private static java.util.Map<String, Double> storageRequests(URI management) throws Exception {
        var metrics = CLIENT.send(HttpRequest.newBuilder(management.resolve("/q/metrics")).version(HttpClient.Version.HTTP_1_1).build(),
                HttpResponse.BodyHandlers.ofString());
        if (metrics.statusCode() != 200) {
            throw new IllegalStateException("metrics answered " + metrics.statusCode());
        }
        var byMethod = new java.util.TreeMap<String, Double>();
        var method = Pattern.compile("method=\"(\\w+)\"");
        for (var line : metrics.body().split("\n")) {
            if (line.startsWith("jobs_storage_requests_total{")) {
                var name = method.matcher(line);
                if (name.find()) {
                    // The value follows the labels; an exemplar (trace id, value, time) may follow it.
                    byMethod.merge(name.group(1), Double.parseDouble(line.substring(line.indexOf("} ") + 2).split(" ")[0]), Double::sum);
                }
            }
        }
        return byMethod;
    }

    private static String perRequest(java.util.Map<String, Double> before, java.util.Map<String, Double> after, int requests) {
        var parts = new ArrayList<String>();
        after.forEach((method, count) -> parts.add(String.format(Locale.ROOT, "%s %.2f", method,
                (count - before.getOrDefault(method, 0.0)) / requests)));
        return parts.isEmpty() ? "none" : String.join(", ", parts);
    }

    private static String find(Pattern pattern, String text) {
        var matcher = pattern.matcher(text);
        return matcher.find() ? matcher.group(1) : null;
    }

    private static long p(List<Long> sorted, double quantile) {
        return sorted.isEmpty() ? -1 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(quantile * sorted.size()) - 1));
    }
}
