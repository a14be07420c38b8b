package io.github.asyncjobs.adapter.azure.blob;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.locks.ReentrantLock;

import com.azure.storage.blob.models.UserDelegationKey;

import io.github.asyncjobs.job.store.StoreUnavailableException;
import io.quarkus.logging.Log;

/**
 * Keeps one user delegation key and replaces it ahead of its expiry, so that signing a SAS costs no
 * request to Azure. A refresh starts once half the key's validity is gone; if it fails, the current key
 * keeps serving (the failure is logged once, and retried at most every {@link #RETRY_INTERVAL}) until the
 * key has less than {@code minRemaining} left, when a fresh key is required.
 */
final class UserDelegationKeyCache {

    /** Azure refuses delegation keys valid for more than seven days; Azurite does not check, so we do. */
    static final Duration MAX_VALIDITY = Duration.ofDays(7);
    static final Duration RETRY_INTERVAL = Duration.ofSeconds(30);

    /** Fetches a key from the Blob service (Get User Delegation Key). */
    interface KeySource {
        UserDelegationKey fetch(OffsetDateTime start, OffsetDateTime expiry);
    }

    private final KeySource source;
    private final Duration validity;
    private final Duration clockSkew;
    private final Duration minRemaining;
    private final Clock clock;
    private final ReentrantLock refreshing = new ReentrantLock();
    private volatile UserDelegationKey current;
    private volatile Instant nextAttempt = Instant.MIN;
    private volatile boolean failing;

    UserDelegationKeyCache(KeySource source, Duration validity, Duration clockSkew, Duration minRemaining, Clock clock) {
        if (validity.compareTo(MAX_VALIDITY) > 0) {
            throw new IllegalArgumentException("jobs.storage.blob.delegation-key-validity is " + validity
                    + ", but a user delegation key may be valid for at most 7 days");
        }
        if (validity.compareTo(minRemaining.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("jobs.storage.blob.delegation-key-validity (" + validity
                    + ") must be at least twice jobs.results.url-validity (" + minRemaining + ")");
        }
        this.source = source;
        this.validity = validity;
        this.clockSkew = clockSkew;
        this.minRemaining = minRemaining;
        this.clock = clock;
    }

    /** A key with at least {@code minRemaining} validity left. */
    UserDelegationKey key() {
        var now = clock.instant();
        var key = current;
        if (key != null && remaining(key, now).compareTo(validity.dividedBy(2)) > 0) {
            return key;
        }
        if (key != null && remaining(key, now).compareTo(minRemaining) > 0) {
            // Still usable: one caller tries a refresh, the others go on with the current key.
            if (!now.isBefore(nextAttempt) && refreshing.tryLock()) {
                try {
                    refresh(now);
                } catch (StoreUnavailableException e) {
                    // Logged in refresh; keep serving.
                } finally {
                    refreshing.unlock();
                }
            }
            return current;
        }
        refreshing.lock();
        try {
            key = current;
            return key != null && remaining(key, now).compareTo(minRemaining) > 0 ? key : refresh(now);
        } finally {
            refreshing.unlock();
        }
    }

    private UserDelegationKey refresh(Instant now) {
        var start = OffsetDateTime.ofInstant(now.minus(clockSkew), ZoneOffset.UTC);
        var expiry = OffsetDateTime.ofInstant(now.plus(validity), ZoneOffset.UTC);
        try {
            current = source.fetch(start, expiry);
            if (failing) {
                Log.info("Got a user delegation key again");
                failing = false;
            }
            return current;
        } catch (RuntimeException e) {
            nextAttempt = now.plus(RETRY_INTERVAL);
            if (!failing) {
                failing = true;
                Log.warnf("Cannot get a user delegation key (%s); going on with the current one while it lasts", e.getMessage());
            }
            throw e instanceof StoreUnavailableException unavailable ? unavailable
                    : new StoreUnavailableException("Cannot get a user delegation key", e);
        }
    }

    private static Duration remaining(UserDelegationKey key, Instant now) {
        return Duration.between(now, key.getSignedExpiry().toInstant());
    }
}
