package io.github.asyncjobs.api;

import static org.hamcrest.Matchers.equalTo;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.github.asyncjobs.job.Requester;
import io.github.asyncjobs.job.service.JobService;
import io.github.asyncjobs.job.store.ResultStore;
import io.github.asyncjobs.testing.Jobs;
import io.github.asyncjobs.testing.TestGates;
import io.quarkus.test.junit.QuarkusTest;

/** The embedded store's signed result URLs: they deliver the result, and nothing else. */
@QuarkusTest
class ResultDownloadTest {

    @Inject
    JobService jobs;

    @Inject
    ResultStore results;

    @Test
    void deliversTheResultWithItsMediaTypeAndFileName() {
        var id = Jobs.submit("test-gated", Map.of("gate", openGate()));
        Jobs.awaitStatus(id, "Succeeded");
        given().urlEncodingEnabled(false).get(resultUrl(id))
                .then().statusCode(200)
                .contentType("text/plain")
                .header("Content-Disposition", "attachment; filename=\"" + id + ".txt\"");
    }

    @Test
    void aTamperedSignatureIs403() {
        var url = resultUrl(succeededEcho());
        var tampered = url.substring(0, url.length() - 2) + (url.endsWith("AA") ? "BB" : "AA");
        given().urlEncodingEnabled(false).get(tampered)
                .then().statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:async-jobs:problem:invalid-signature"));
    }

    @Test
    void aUrlEditedToNameAnotherResultOrLaterExpiryIs403() {
        var first = succeededEcho();
        var second = succeededEcho();
        given().urlEncodingEnabled(false).get(resultUrl(first).replace(first, second)).then().statusCode(403);
        given().urlEncodingEnabled(false).get(resultUrl(first).replaceFirst("se=(\\d+)", "se=9$1")).then().statusCode(403);
        given().urlEncodingEnabled(false).get(resultUrl(first).replace("rsct=application%2Fjson", "rsct=text%2Fhtml"))
                .then().statusCode(403);
    }

    @Test
    void anExpiredUrlIs403() {
        var id = succeededEcho();
        var job = jobs.find(UUID.fromString(id), Requester.ANYONE).orElseThrow();
        var expired = results.signedUrl(job, Duration.ofSeconds(-1));
        given().urlEncodingEnabled(false).get(expired.toString())
                .then().statusCode(403)
                .body("detail", equalTo("This URL has expired; ask the job's status for a new one"));
    }

    @Test
    void aUrlWithoutSignatureIs403() {
        var id = succeededEcho();
        given().get("/api/results/echo/" + id).then().statusCode(403).contentType("application/problem+json");
    }

    private static String succeededEcho() {
        var id = Jobs.submit("echo", Map.of("n", UUID.randomUUID().toString()));
        Jobs.awaitStatus(id, "Succeeded");
        return id;
    }

    private static String resultUrl(String id) {
        return Jobs.monitor(id).then().extract().path("resourceLocation");
    }

    private static String openGate() {
        var gate = TestGates.newGate();
        TestGates.open(gate);
        return gate;
    }
}
