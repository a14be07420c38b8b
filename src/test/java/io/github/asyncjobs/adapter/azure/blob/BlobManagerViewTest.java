package io.github.asyncjobs.adapter.azure.blob;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.asyncjobs.job.JobOwner;
import io.github.asyncjobs.job.JobQuery;
import io.github.asyncjobs.job.Requester;
import io.github.asyncjobs.job.activity.ActivityMinute;
import io.github.asyncjobs.job.activity.ActivityShare;
import io.github.asyncjobs.job.activity.InstanceActivity;
import io.github.asyncjobs.job.intake.JobRequest;
import io.github.asyncjobs.job.service.JobService;
import io.github.asyncjobs.testing.azure.AzureStorageProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * A manager's views in Blob mode, against Azurite: every caller's jobs in a tenant from the tenant's listing entries,
 * and the last hour added up from what each instance shared in the container.
 */
@QuarkusTest
@TestProfile(AzureStorageProfile.class)
class BlobManagerViewTest {

    @Inject
    JobService jobs;

    @Inject
    ActivityShare share;

    @Inject
    ObjectMapper mapper;

    @Test
    void aTenantsListingHoldsEveryOwnersJobsNewestFirstPageByPage() throws Exception {
        var tenant = UUID.randomUUID().toString();
        var alice = Requester.caller(new JobOwner(tenant, UUID.randomUUID().toString()), Optional.empty(), false);
        var bob = Requester.caller(new JobOwner(tenant, UUID.randomUUID().toString()), Optional.empty(), false);
        var stranger = Requester.caller(new JobOwner(UUID.randomUUID().toString(), UUID.randomUUID().toString()), Optional.empty(), false);
        var hers = accept(alice);
        nextMillisecond(); // so that the two are ordered by time, not by id
        var his = accept(bob);
        accept(stranger);
        var manager = Requester.caller(new JobOwner(tenant, UUID.randomUUID().toString()), Optional.empty(), true);

        var listed = new ArrayList<String>();
        Optional<String> continuation = Optional.empty();
        do {
            var page = jobs.list(new JobQuery(Set.of(), Optional.empty(), List.of(), Optional.empty(), Optional.empty(), 1, continuation),
                    manager, true);
            page.jobs().forEach(job -> listed.add(job.id().toString()));
            continuation = page.continuation();
        } while (continuation.isPresent());
        assertThat(listed).containsExactly(his, hers);
    }

    @Test
    void anotherInstancesSharedHourCountsInTheOverview() throws Exception {
        // This instance shares its own hour every second (the test profile's interval).
        await().atMost(Duration.ofSeconds(10)).until(() -> !share.read(Instant.now().minusSeconds(60)).isEmpty());
        var latencies = new Histogram(2);
        latencies.recordValue(1500);
        var buffer = ByteBuffer.allocate(latencies.getNeededByteBufferCapacity());
        int length = latencies.encodeIntoCompressedByteBuffer(buffer);
        var encoded = Base64.getEncoder().encodeToString(Arrays.copyOf(buffer.array(), length));
        long minute = Instant.now().getEpochSecond() / 60;
        var code = "Foreign" + UUID.randomUUID().toString().substring(0, 8);
        share.publish(new InstanceActivity("another-" + UUID.randomUUID(), Instant.now(),
                List.of(new ActivityMinute(minute, "", 7, 4, 3, 0, Map.of(code, 3L), encoded)), List.of()));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            var overview = given().get("/api/activity").then().statusCode(200).extract().jsonPath();
            assertThat(overview.getInt("instances")).isGreaterThanOrEqualTo(2);
            assertThat(overview.getList("failuresByCode.code", String.class)).contains(code);
            assertThat(overview.getLong("lastHour.accepted")).isGreaterThanOrEqualTo(7);
        });
    }

    private static void nextMillisecond() {
        long now = System.currentTimeMillis();
        await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).until(() -> System.currentTimeMillis() > now);
    }

    private String accept(Requester requester) throws Exception {
        var input = mapper.readTree("{\"n\": 1}");
        return jobs.accept(JobRequest.of("echo", input, Map.of(), Optional.empty(), Optional.empty(), new byte[] {1},
                Optional.empty()), requester).job().id().toString();
    }
}
