package io.github.asyncjobs.testing;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** Notifications to local {@link WebhookReceiver}s: 127.0.0.1 allow-listed (plain http, loopback), events signed. */
public class CallbackProfile implements QuarkusTestProfile {

    /** The Standard Webhooks secret the events are signed with (24 random bytes). */
    public static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("jobs.callbacks.allowed-hosts", "127.0.0.1", "jobs.callbacks.signing-secret", SECRET);
    }
}
