package io.github.asyncjobs.api;

import static io.github.asyncjobs.testing.Management.management;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.github.asyncjobs.testing.Jobs;
import io.github.asyncjobs.testing.Metrics;
import io.github.asyncjobs.testing.net.RawHttp;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * The hostile-input corpus ({@link HostileCorpus}): every request is refused with a 4xx problem, at once, makes no job,
 * logs no ERROR, and leaves the service healthy and serving.
 */
@QuarkusTest
class HostileInputTest {

    private static final Duration NO_HANG = Duration.ofSeconds(15);
    private static final List<LogRecord> ERRORS = new CopyOnWriteArrayList<>();
    private static final Handler ERROR_COLLECTOR = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
                ERRORS.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private static String resultUrl;

    @BeforeAll
    static void collectErrors() {
        Logger.getLogger("").addHandler(ERROR_COLLECTOR);
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
        Logger.getLogger("").removeHandler(ERROR_COLLECTOR);
    }

    static Stream<HostileCorpus.Hostile> corpus() {
        return HostileCorpus.all().stream();
    }

    @Test
    void theCorpusHasAtLeast150Requests() {
        assertThat(HostileCorpus.all()).hasSizeGreaterThanOrEqualTo(150);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void isRefusedWithAClientErrorAndMakesNoJob(HostileCorpus.Hostile hostile) throws Exception {
        var request = hostile.bytes(resultUrl());
        long accepted = Metrics.sum("jobs_accepted_total{");
        ERRORS.clear();
        var reply = hostile.answer() == HostileCorpus.Answer.DROPPED ? sendOrDropped(hostile, request) : send(hostile, request);
        assertThat(reply.status()).as("%s: status; body %s", hostile, reply.body()).isBetween(400, 499);
        if (hostile.answer() == HostileCorpus.Answer.PROBLEM) {
            assertThat(reply.header("Content-Type")).as("%s: content type; body %s", hostile, reply.body()).startsWith("application/problem+json");
            assertThat(reply.body()).contains("\"status\":" + reply.status());
        }
        assertThat(Metrics.sum("jobs_accepted_total{")).as("%s: jobs accepted", hostile).isEqualTo(accepted);
        assertThat(ERRORS).as("%s: ERROR log lines", hostile).extracting(LogRecord::getMessage).isEmpty();
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

    @Test
    void afterTheCorpusTheServiceIsHealthyAndRunsJobs() throws Exception {
        for (var hostile : HostileCorpus.all()) {
            sendOrDropped(hostile, hostile.bytes(resultUrl()));
        }
        management().get("/q/health/ready").then().statusCode(200);
        Jobs.awaitStatus(Jobs.submit("echo", Map.of("after", "the corpus")), "Succeeded");
    }
}
