package io.github.asyncjobs.api;

import static io.github.asyncjobs.testing.identity.EntraIdResource.entraId;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.github.asyncjobs.testing.identity.AuthProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * What a manager (the Jobs.Manage app role) sees beyond their own jobs: every caller's jobs in their tenant
 * ({@code GET /api/jobs?scope=tenant}) and the tenant's last hour ({@code GET /api/activity}); never another tenant's.
 */
@QuarkusTest
@TestProfile(AuthProfile.class)
class ManagerViewTest {

    private static final String JOB = "{\"type\": \"echo\", \"input\": {\"n\": 1}, \"tags\": {\"run\": \"%s\"}}";

    @Test
    void aManagerListsEveryCallersJobsInTheirTenantPageByPageAndNoOtherTenants() {
        var run = UUID.randomUUID().toString();
        var alice = entraId().token(Caller.SUBMIT);
        var bob = entraId().token(Caller.SUBMIT);
        var stranger = entraId().token(Caller.SUBMIT).tenant(UUID.randomUUID().toString());
        var hers = submit(alice.bearer(), run);
        long now = System.currentTimeMillis(); // the two ordered by time, not by id
        await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).until(() -> System.currentTimeMillis() > now);
        var his = submit(bob.bearer(), run);
        submit(stranger.bearer(), run);
        var manager = entraId().token(Caller.MANAGE).bearer();

        var listed = new ArrayList<String>();
        var owners = new ArrayList<String>();
        String next = "/api/jobs?scope=tenant&maxpagesize=1&tag=run:" + run;
        while (next != null) {
            var page = given().urlEncodingEnabled(false).header("Authorization", manager).get(next).then().statusCode(200).extract().jsonPath();
            listed.addAll(page.getList("value.id", String.class));
            owners.addAll(page.getList("value.owner.objectId", String.class));
            var link = page.getString("nextLink");
            next = link == null ? null : URI.create(link).getRawPath() + "?" + URI.create(link).getRawQuery();
        }
        assertThat(listed).as("newest first, one a page, the other tenant's job not among them").containsExactly(his, hers);
        assertThat(owners).containsExactly(bob.objectId(), alice.objectId());

        given().header("Authorization", manager).get("/api/jobs?tag=run:" + run).then().statusCode(200)
                .body("value.size()", equalTo(0)); // the manager's own jobs: none
        given().header("Authorization", alice.bearer()).get("/api/jobs?scope=tenant").then().statusCode(403)
                .contentType(Problem.MEDIA_TYPE).body("detail", containsString("Jobs.Manage"));
        given().header("Authorization", manager).get("/api/jobs?scope=everyone").then().statusCode(400)
                .contentType(Problem.MEDIA_TYPE).body("errors[0].parameter", equalTo("scope"));
    }

    @Test
    void aManagerSeesTheirTenantsLastHourAndNotAnotherTenants() {
        var manager = entraId().token(Caller.MANAGE).bearer();
        var otherTenant = UUID.randomUUID().toString();
        var strangerManager = entraId().token(Caller.MANAGE).tenant(otherTenant).bearer();
        long before = accepted(manager);
        long strangersBefore = accepted(strangerManager);

        var caller = entraId().token(Caller.SUBMIT).bearer();
        submit(caller, "activity");
        submit(caller, "activity");

        await().atMost(Duration.ofSeconds(10)).until(() -> accepted(manager) - before >= 2);
        assertThat(accepted(strangerManager)).as("another tenant's manager counts none of them").isEqualTo(strangersBefore);
        given().header("Authorization", caller).get("/api/activity").then().statusCode(403).contentType(Problem.MEDIA_TYPE);
        given().get("/api/activity").then().statusCode(401).contentType(Problem.MEDIA_TYPE);
    }

    private static long accepted(String manager) {
        return given().header("Authorization", manager).get("/api/activity").then().statusCode(200).extract()
                .jsonPath().getLong("lastHour.accepted");
    }

    private static String submit(String bearer, String run) {
        return given().contentType(ContentType.JSON).header("Authorization", bearer).body(JOB.formatted(run)).post("/api/jobs")
                .then().statusCode(202).extract().path("id");
    }
}
