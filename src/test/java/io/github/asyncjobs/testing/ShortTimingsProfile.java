package io.github.asyncjobs.testing;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Timings short enough to watch them act within a test: an attempt is cut off after 300 ms (two attempts at most), and
 * finished jobs are purged 2 s after they finished. Tests read a finished job from the response that says it finished.
 */
public class ShortTimingsProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("jobs.processor.attempt-timeout", "300ms", "jobs.processor.max-attempts", "2",
                "jobs.retention", "2s", "jobs.retention-sweep-interval", "200ms");
    }
}
