package io.github.asyncjobs.api;

import static io.github.asyncjobs.testing.Management.management;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.github.asyncjobs.testing.Jobs;
import io.github.asyncjobs.testing.LogCapture;
import io.github.asyncjobs.testing.net.RawHttp;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * The hostile-input corpus ({@link HostileCorpus}): every request is refused with a 4xx problem, at once, makes no job,
 * logs no ERROR, and leaves the service healthy and serving.
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileInputTest {

    private static final Duration NO_HANG = Duration.ofSeconds(15);

    /** Read in-process: a scrape of /q/metrics per request would cost more than the request. */
    @Inject
    MeterRegistry registry;
    private static LogCapture log;

    private static String resultUrl;

    @BeforeAll
    static void collectErrors() {
        log = LogCapture.all();
    }

    /** A real signed result URL (path and query), which the result-URL requests change. */
    private static String resultUrl() {
        if (resultUrl == null) {
            var id = Jobs.submit("echo", Map.of("a", 1));
            Jobs.awaitStatus(id, "Succeeded");
            var location = Jobs.monitor(id).then().extract().<String> path("resourceLocation");
            resultUrl = location.substring(location.indexOf("/api/results/"));
        }
        return resultUrl;
    }

    @AfterAll
    static void stopCollecting() {
        log.close();
    }

    static Stream<HostileCorpus.Hostile> corpus() {
        return HostileCorpus.all().stream();
    }

    @Test
    void theCorpusHasAtLeast150Requests() {
        assertThat(HostileCorpus.all()).hasSizeGreaterThanOrEqualTo(150);
    }

    @ParameterizedTest(name = "{0}")
    @Order(1)
    @MethodSource("corpus")
    void isRefusedWithAClientErrorAndMakesNoJob(HostileCorpus.Hostile hostile) throws Exception {
        var request = hostile.bytes(resultUrl());
        long accepted = accepted();
        log.clear();
        var reply = hostile.answer() == HostileCorpus.Answer.DROPPED ? sendOrDropped(hostile, request) : send(hostile, request);
        assertThat(reply.status()).as("%s: status; body %s", hostile, reply.body()).isBetween(400, 499);
        if (hostile.answer() == HostileCorpus.Answer.PROBLEM) {
            assertThat(reply.header("Content-Type")).as("%s: content type; body %s", hostile, reply.body()).startsWith("application/problem+json");
            assertThat(reply.body()).contains("\"status\":" + reply.status());
        }
        assertThat(accepted()).as("%s: jobs accepted", hostile).isEqualTo(accepted);
        assertThat(log.messages(Level.SEVERE)).as("%s: ERROR log lines", hostile).isEmpty();
    }

    private long accepted() {
        return (long) registry.find("jobs.accepted").counters().stream().mapToDouble(Counter::count).sum();
    }

    private static RawHttp.Reply send(HostileCorpus.Hostile hostile, byte[] request) throws Exception {
        try {
            return RawHttp.send(RestAssured.port, request, NO_HANG);
        } catch (AssertionError e) {
            throw new AssertionError(hostile + ": " + e.getMessage(), e);
        }
    }

    /** A dropped connection reads as a 400 with nothing in it. */
    private static RawHttp.Reply sendOrDropped(HostileCorpus.Hostile hostile, byte[] request) throws Exception {
        try {
            return send(hostile, request);
        } catch (AssertionError e) {
            if (e.getMessage().contains("closed without a response")) {
                return new RawHttp.Reply(400, Map.of(), "");
            }
            throw e;
        }
    }

    /** Runs after the corpus went through (the methods are ordered), so that it sees the service the corpus left. */
    @Test
    @Order(Integer.MAX_VALUE)
    void afterTheCorpusTheServiceIsHealthyAndRunsJobs() {
        management().get("/q/health/ready").then().statusCode(200);
        Jobs.awaitStatus(Jobs.submit("echo", Map.of("after", "the corpus")), "Succeeded");
    }
}
