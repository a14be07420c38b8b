package io.github.asyncjobs.testing;

import static io.github.asyncjobs.testing.Management.management;
import static io.restassured.RestAssured.given;

import java.util.Arrays;

/** The service's Prometheus metrics, as the tests read them. */
public final class Metrics {

    private Metrics() {
    }

    /** The sum of every series whose line starts with {@code prefix}, e.g. {@code jobs_storage_requests_total{}. */
    public static long sum(String prefix) {
        return Arrays.stream(management().get("/q/metrics").then().statusCode(200).extract().asString().split("\n"))
                .filter(line -> line.startsWith(prefix))
                .mapToLong(line -> (long) Double.parseDouble(line.split(" ")[1])).sum();
    }
}
