package io.github.asyncjobs.api;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

import jakarta.ws.rs.core.HttpHeaders;

/**
 * The {@code wait} preference of RFC 7240 ({@code Prefer: wait=10}, perhaps among others: {@code respond-async, wait=10}):
 * how long the client is willing to wait for the job's end. A preference the service does not understand, or a value
 * that is not a whole number, is ignored, as the RFC asks; more than {@value #MAX_SECONDS} seconds is taken as that.
 */
final class PreferWait {

    static final String HEADER = "Prefer";
    static final int MAX_SECONDS = 60;

    private PreferWait() {
    }

    /** The wait asked for, at most a minute; empty without one (or with {@code wait=0}). */
    static Optional<Duration> of(HttpHeaders headers) {
        var values = headers.getRequestHeader(HEADER);
        if (values == null) {
            return Optional.empty();
        }
        for (var header : values) {
            for (var preference : header.split(",")) {
                var parts = preference.split(";")[0].split("=", 2);
                if (parts.length == 2 && parts[0].trim().toLowerCase(Locale.ROOT).equals("wait")) {
                    var value = parts[1].trim().replace("\"", "");
                    if (value.matches("\\d{1,9}") && Integer.parseInt(value) > 0) {
                        return Optional.of(Duration.ofSeconds(Math.min(MAX_SECONDS, Integer.parseInt(value))));
                    }
                }
            }
        }
        return Optional.empty();
    }
}
