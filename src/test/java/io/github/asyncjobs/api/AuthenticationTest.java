package io.github.asyncjobs.api;

import static io.github.asyncjobs.testing.identity.EntraIdResource.entraId;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.github.asyncjobs.testing.Metrics;
import io.github.asyncjobs.testing.TestGates;
import io.github.asyncjobs.testing.WebhookReceiver;
import io.github.asyncjobs.testing.net.RawHttp;
import io.github.asyncjobs.testing.identity.AuthProfile;
import io.github.asyncjobs.testing.identity.EntraIdStandIn;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * With authentication on, every /api/jobs endpoint wants a valid Entra ID bearer token (checked by quarkus-oidc
 * against the issuer's published keys), the role for what it does, and, without Jobs.Manage, the caller's own job.
 */
@QuarkusTest
@TestProfile(AuthProfile.class)
class AuthenticationTest {

    private static final String JOB = "{\"type\": \"echo\", \"input\": {\"n\": 1}}";
    /** The store's counts of a caller's unfinished jobs (every call is timed). */
    private static final String COUNTS = "jobs_dependency_duration_seconds_count{dependency=\"store\",operation=\"record.count-unfinished\"";

    @Test
    void withoutATokenEveryJobsEndpointAnswers401WithABearerChallenge() {
        var id = submit(entraId().token(Caller.SUBMIT).bearer(), JOB, null).statusCode(202).extract().<String>path("id");
        for (var request : new ValidatableResponse[] {
                given().contentType(ContentType.JSON).body(JOB).post("/api/jobs").then(),
                given().get("/api/jobs/" + id).then(),
                given().get("/api/jobs/" + id + "/status").then(),
                given().delete("/api/jobs/" + id).then() }) {
            unauthorized(request).header("WWW-Authenticate", equalTo("Bearer"));
        }
    }

    @Test
    void aRequestWithoutAValidTokenIsAnswered401BeforeItsBodyIsRead() throws Exception {
        // 100 kB announced, one byte sent: were the body read first, no answer would come until the client gave up.
        for (var authorization : List.of("", "Authorization: Bearer " + entraId().token(Caller.SUBMIT).validFor(Duration.ofMinutes(-10)).jwt() + "\r\n")) {
            var request = ("POST /api/jobs HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n" + authorization
                    + "Content-Length: 100000\r\n\r\n{").getBytes(StandardCharsets.US_ASCII);
            var reply = RawHttp.send(RestAssured.port, request, Duration.ofSeconds(15));
            assertThat(reply.status()).isEqualTo(401);
            assertThat(reply.header("Content-Type")).startsWith(Problem.MEDIA_TYPE);
            assertThat(reply.header("WWW-Authenticate")).startsWith("Bearer");
        }
    }

    @Test
    void tokensThatAreNotValidForThisApiAnswer401InvalidToken() {
        var token = entraId().token(Caller.SUBMIT);
        for (var invalid : Map.of(
                "expired", token.validFor(Duration.ofMinutes(-10)).bearer(),
                "for another audience", token.audience("api://another-api").bearer(),
                "from another issuer", token.issuer("https://login.microsoftonline.com/" + EntraIdStandIn.TENANT_ID + "/v2.0").bearer(),
                "signed with another key", token.signedByStranger().bearer(),
                "not a JWT", "Bearer not-a-token").entrySet()) {
            var response = submit(invalid.getValue(), JOB, null).extract();
            assertThat(response.statusCode()).as(invalid.getKey()).isEqualTo(401);
            assertThat(response.header("WWW-Authenticate")).as(invalid.getKey()).isEqualTo("Bearer error=\"invalid_token\"");
            assertThat(response.contentType()).as(invalid.getKey()).isEqualTo(Problem.MEDIA_TYPE);
            assertThat(response.<String>path("type")).isEqualTo("urn:async-jobs:problem:unauthorized");
        }
        submit(token.bearer(), JOB, null).statusCode(202);
    }

    @Test
    void aValidTokenWithoutTheRoleAnswers403() {
        forbidden(submit(entraId().token(Caller.READ).bearer(), JOB, null));
        var id = submit(entraId().token(Caller.SUBMIT).bearer(), JOB, null).extract().<String>path("id");
        forbidden(given().header("Authorization", entraId().token().bearer()).get("/api/jobs/" + id).then());
        forbidden(given().header("Authorization", entraId().token(Caller.READ).bearer()).delete("/api/jobs/" + id).then());
    }

    @Test
    void anotherCallersJobIsNotFoundButAManagerSeesAndCancelsIt() {
        var alice = entraId().token(Caller.SUBMIT).bearer();
        var bob = entraId().token(Caller.SUBMIT, Caller.READ).bearer();
        var id = submit(alice, "{\"type\": \"test-gated\", \"input\": {\"gate\": \"" + TestGates.newGate() + "\"}}", null).statusCode(202).extract().<String>path("id");
        for (var path : Map.of("/api/jobs/" + id, 200, "/api/jobs/" + id + "/status", 202).entrySet()) {
            given().header("Authorization", bob).get(path.getKey()).then().statusCode(404).contentType(Problem.MEDIA_TYPE);
            given().header("Authorization", alice).get(path.getKey()).then().statusCode(path.getValue());
        }
        given().header("Authorization", bob).delete("/api/jobs/" + id).then().statusCode(404);
        var manager = entraId().token(Caller.MANAGE).bearer();
        given().header("Authorization", manager).get("/api/jobs/" + id).then().statusCode(200);
        given().header("Authorization", manager).delete("/api/jobs/" + id).then().statusCode(200).body("status", equalTo("Canceled"));
    }

    @Test
    void managingIsAnAppRoleNeverADelegatedScopeAndStopsAtTheTenant() {
        var alice = entraId().token(Caller.SUBMIT).bearer();
        var id = submit(alice, JOB, null).statusCode(202).extract().<String>path("id");
        // Any user may consent to a delegated scope for themselves: as a scope, Jobs.Manage grants nothing.
        var consentedUser = entraId().token().scopes(Caller.MANAGE, Caller.READ, Caller.SUBMIT).bearer();
        given().header("Authorization", consentedUser).get("/api/jobs/" + id).then().statusCode(404);
        given().header("Authorization", consentedUser).delete("/api/jobs/" + id).then().statusCode(404);
        forbidden(given().header("Authorization", entraId().token().scopes(Caller.MANAGE).bearer()).get("/api/jobs/" + id).then());
        var otherTenantsManager = entraId().token(Caller.MANAGE).tenant(UUID.randomUUID().toString()).bearer();
        given().header("Authorization", otherTenantsManager).get("/api/jobs/" + id).then().statusCode(404);
        given().header("Authorization", otherTenantsManager).delete("/api/jobs/" + id).then().statusCode(404);
        given().header("Authorization", entraId().token(Caller.MANAGE).bearer()).get("/api/jobs/" + id).then().statusCode(200);
    }

    @Test
    void eachCallersNotificationsAreSignedWithASecretOfTheirOwnAndNameTheirOwner() {
        var alice = entraId().token(Caller.SUBMIT);
        var bob = entraId().token(Caller.SUBMIT);
        String alicesSecret = given().header("Authorization", alice.bearer()).get("/api/callback-secret").then().statusCode(200)
                .header("Cache-Control", "no-store").extract().path("secret");
        String bobsSecret = given().header("Authorization", bob.bearer()).get("/api/callback-secret").then().statusCode(200)
                .extract().path("secret");
        assertThat(alicesSecret).startsWith("whsec_").isNotEqualTo(bobsSecret).isNotEqualTo(WebhookReceiver.SECRET);
        unauthorized(given().get("/api/callback-secret").then());
        forbidden(given().header("Authorization", entraId().token(Caller.READ).bearer()).get("/api/callback-secret").then());

        try (var receiver = WebhookReceiver.start()) {
            var body = "{\"type\": \"echo\", \"input\": {\"n\": 1}, \"callback\": {\"url\": \"" + receiver.url() + "\"}}";
            var id = submit(alice.bearer(), body, null).statusCode(202).extract().<String>path("id");
            await().atMost(Duration.ofSeconds(30)).until(() -> !receiver.received().isEmpty());
            var event = receiver.received().get(0);
            assertThat(event.json().path("subject").asText()).isEqualTo(id);
            assertThat(event.signedWith(alicesSecret)).as("signed with the owner's secret").isTrue();
            assertThat(event.signedWith(bobsSecret)).as("another caller's receiver cannot have signed it").isFalse();
            assertThat(event.signedWith(WebhookReceiver.SECRET)).as("the service's own secret").isFalse();
            assertThat(event.json().path("data").path("owner").path("tenantId").asText()).isEqualTo(EntraIdStandIn.TENANT_ID);
            assertThat(event.json().path("data").path("owner").path("objectId").asText()).isEqualTo(alice.objectId());
        }
    }

    @Test
    void aCallerBeyondTheirRateGets429RateLimitedAndNothingIsKept() {
        // 2 accepts at once, then 1 a second: a few requests in a row use that up, however slow the machine.
        var caller = entraId().token(Caller.SUBMIT).objectId(AuthProfile.RATE_LIMITED).bearer();
        submit(caller, JOB, null).statusCode(202).header("RateLimit-Policy", "\"accepts\";q=2;w=2")
                .header("RateLimit", startsWith("\"accepts\";r="));
        int accepted = 1;
        ValidatableResponse refused = null;
        for (int i = 0; i < 20 && refused == null; i++) {
            var response = submit(caller, JOB, null);
            if (response.extract().statusCode() == 202) {
                accepted++;
            } else {
                refused = response;
            }
        }
        assertThat(refused).as("a 429 within 20 requests in a row").isNotNull();
        refused.statusCode(429).contentType(Problem.MEDIA_TYPE).header("Retry-After", "1")
                .body("type", equalTo("urn:async-jobs:problem:rate-limited"))
                .body("detail", containsString("1 accepts per second (burst 2)"));
        given().header("Authorization", caller).get("/api/jobs").then().statusCode(200).body("value.size()", equalTo(accepted));
        // Others are not held back by this caller's rate.
        submit(entraId().token(Caller.SUBMIT).bearer(), JOB, null).statusCode(202);
    }

    @Test
    void aCallerWithAsManyUnfinishedJobsAsTheyMayHaveGets429QuotaExceededUntilOneEnds() {
        var caller = entraId().token(Caller.SUBMIT).clientId(AuthProfile.QUOTA_LIMITED_CLIENT).bearer();
        var first = TestGates.newGate();
        var second = TestGates.newGate();
        String firstId = submit(caller, gated(first), null).statusCode(202).extract().path("id");
        submit(caller, gated(second), null).statusCode(202);
        submit(caller, JOB, null).statusCode(429).contentType(Problem.MEDIA_TYPE).header("Retry-After", notNullValue())
                .body("type", equalTo("urn:async-jobs:problem:quota-exceeded")).body("detail", containsString("2 unfinished jobs"));
        given().header("Authorization", caller).get("/api/jobs").then().statusCode(200).body("value.size()", equalTo(2));

        TestGates.open(first);
        await().atMost(Duration.ofSeconds(30)).until(() -> "Succeeded".equals(given().header("Authorization", caller)
                .get("/api/jobs/" + firstId).path("status")));
        // The count is the store's, read again within jobs.limits.count-refresh: the ended job frees a place by then.
        await().atMost(Duration.ofSeconds(30)).until(() -> submit(caller, JOB, null).extract().statusCode() == 202);
        TestGates.open(second);
    }

    @Test
    void aCallerFarBelowTheirLimitIsNotCountedAgainAtEachAccept() {
        var caller = entraId().token(Caller.SUBMIT).objectId(AuthProfile.FAR_BELOW_LIMIT).bearer();
        submit(caller, JOB, null).statusCode(202);
        long counts = Metrics.sum(COUNTS);
        var counted = Instant.now();
        // Past jobs.limits.count-refresh (1 s), a caller near their limit is counted again; this one could not have
        // come near 1,000 jobs since at 10 a second after a burst of 20, so the store is not asked.
        await().pollDelay(Duration.ZERO).until(() -> Instant.now().isAfter(counted.plusMillis(1500)));
        submit(caller, JOB, null).statusCode(202);
        submit(caller, JOB, null).statusCode(202);
        assertThat(Metrics.sum(COUNTS)).isEqualTo(counts);
    }

    private static String gated(String gate) {
        return "{\"type\": \"test-gated\", \"input\": {\"gate\": \"" + gate + "\"}}";
    }

    @Test
    void theResultUrlIsHandedOnlyToTheOwnerAndWorksWithoutAToken() {
        var owner = entraId().token(Caller.SUBMIT).bearer();
        var id = submit(owner, "{\"type\": \"echo\", \"input\": {\"secret\": 42}}", null).extract().<String>path("id");
        await().atMost(Duration.ofSeconds(30)).until(() -> given().header("Authorization", owner).redirects().follow(false)
                .get("/api/jobs/" + id + "/status").statusCode() == 303);
        given().header("Authorization", entraId().token(Caller.READ, Caller.SUBMIT).bearer()).redirects().follow(false)
                .get("/api/jobs/" + id + "/status").then().statusCode(404);
        var url = given().header("Authorization", owner).redirects().follow(false).get("/api/jobs/" + id + "/status")
                .header("Location");
        given().urlEncodingEnabled(false).get(url).then().statusCode(200).body("secret", equalTo(42));
    }

    @Test
    void idempotencyKeysBelongToTheirCaller() {
        var alice = entraId().token(Caller.SUBMIT);
        var bob = entraId().token(Caller.SUBMIT);
        var first = submit(alice.bearer(), JOB, "order-1234").statusCode(202).extract().<String>path("id");
        var again = submit(alice.bearer(), JOB, "order-1234").statusCode(202).extract().<String>path("id");
        var bobs = submit(bob.bearer(), JOB, "order-1234").statusCode(202).extract().<String>path("id");
        assertThat(again).as("a replay by the same caller").isEqualTo(first);
        assertThat(bobs).as("the same key from another caller").isNotEqualTo(first);
        given().header("Authorization", bob.bearer()).get("/api/jobs/" + first).then().statusCode(404);
    }

    @Test
    void aListingShowsOnlyTheCallersOwnJobs() {
        var alice = entraId().token(Caller.SUBMIT).bearer();
        var bob = entraId().token(Caller.SUBMIT).bearer();
        var hers = submit(alice, JOB, null).extract().<String>path("id");
        var his = submit(bob, JOB, null).extract().<String>path("id");
        given().header("Authorization", alice).get("/api/jobs").then().statusCode(200)
                .body("value.id", org.hamcrest.Matchers.contains(hers));
        given().header("Authorization", bob).get("/api/jobs").then().statusCode(200)
                .body("value.id", org.hamcrest.Matchers.contains(his));
        unauthorized(given().get("/api/jobs").then());
        forbidden(given().header("Authorization", entraId().token().bearer()).get("/api/jobs").then());
    }

    @Test
    void delegatedScopesGrantAsAppRolesDo() {
        var user = entraId().token().scopes(Caller.SUBMIT, Caller.READ);
        var id = submit(user.bearer(), JOB, null).statusCode(202).extract().<String>path("id");
        given().header("Authorization", user.bearer()).get("/api/jobs/" + id).then().statusCode(200);
    }

    private static ValidatableResponse submit(String authorization, String body, String idempotencyKey) {
        var request = given().contentType(ContentType.JSON).header("Authorization", authorization).body(body);
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return request.post("/api/jobs").then();
    }

    private static ValidatableResponse unauthorized(ValidatableResponse response) {
        return response.statusCode(401).contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo("urn:async-jobs:problem:unauthorized")).body("status", equalTo(401));
    }

    private static void forbidden(ValidatableResponse response) {
        response.statusCode(403).contentType(Problem.MEDIA_TYPE).body("type", equalTo("urn:async-jobs:problem:forbidden"))
                .body("detail", startsWith("The token grants none of the roles")).body("detail", containsString("Jobs."));
    }
}
