package io.github.asyncjobs.adapter.azure.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.azure.storage.blob.models.UserDelegationKey;

import io.github.asyncjobs.job.store.StoreUnavailableException;

/** When the cache asks the Blob service for a key, and what it does when it cannot get one. */
class UserDelegationKeyCacheTest {

    private static final Duration VALIDITY = Duration.ofHours(24);
    private static final Duration URL_VALIDITY = Duration.ofMinutes(15);

    private final MovableClock clock = new MovableClock();
    private final List<OffsetDateTime[]> requests = new ArrayList<>();
    private boolean serviceDown;

    private final UserDelegationKeyCache cache = new UserDelegationKeyCache((start, expiry) -> {
        requests.add(new OffsetDateTime[] { start, expiry });
        if (serviceDown) {
            throw new StoreUnavailableException("down", null);
        }
        return new UserDelegationKey().setSignedStart(start).setSignedExpiry(expiry).setValue("a2V5");
    }, VALIDITY, Duration.ofMinutes(5), URL_VALIDITY, clock);

    @Test
    void fetchesOneKeyForManySignatures() {
        for (int i = 0; i < 1000; i++) {
            cache.key();
            clock.advance(Duration.ofSeconds(10));
        }
        assertThat(requests).hasSize(1);
        assertThat(requests.get(0)[0].toInstant()).as("start backdated for clock skew").isEqualTo(Instant.parse("2030-01-01T00:00:00Z").minus(Duration.ofMinutes(5)));
        assertThat(requests.get(0)[1].toInstant()).isEqualTo(Instant.parse("2030-01-01T00:00:00Z").plus(VALIDITY));
    }

    @Test
    void refreshesOnceHalfTheValidityIsGone() {
        var first = cache.key();
        clock.advance(VALIDITY.dividedBy(2).plusSeconds(1));
        var second = cache.key();
        assertThat(second).isNotSameAs(first);
        assertThat(cache.key()).isSameAs(second);
        assertThat(requests).hasSize(2);
    }

    @Test
    void keepsServingTheCurrentKeyWhileRefreshesFailAndRetriesNoMoreThanEvery30Seconds() {
        var first = cache.key();
        clock.advance(VALIDITY.dividedBy(2).plusSeconds(1));
        serviceDown = true;
        for (int i = 0; i < 100; i++) {
            assertThat(cache.key()).isSameAs(first);
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(requests).as("1 fetch, then 3 retries in 100 s").hasSize(1 + 4);
    }

    @Test
    void needsAFreshKeyWhenTheCurrentOneCouldNotCoverAUrl() {
        cache.key();
        serviceDown = true;
        clock.advance(VALIDITY.minus(URL_VALIDITY));
        assertThatThrownBy(cache::key).isInstanceOf(StoreUnavailableException.class);
        serviceDown = false;
        clock.advance(UserDelegationKeyCache.RETRY_INTERVAL);
        assertThat(cache.key().getSignedExpiry().toInstant()).isEqualTo(clock.instant().plus(VALIDITY));
    }

    @Test
    void refusesKeysValidForMoreThanSevenDays() {
        assertThatThrownBy(() -> new UserDelegationKeyCache((s, e) -> null, Duration.ofDays(8), Duration.ZERO, URL_VALIDITY, clock))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 7 days");
    }

    /** A clock the test moves by hand. */
    private static final class MovableClock extends Clock {

        private Instant now = Instant.parse("2030-01-01T00:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
