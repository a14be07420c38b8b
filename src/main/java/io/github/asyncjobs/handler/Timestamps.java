package io.github.asyncjobs.handler;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * ISO-8601 dates and date-times as instants. One without an offset is read as UTC: the sample's producer writes
 * {@code datetime.now().isoformat()}, its host's clock, and the cloud functions it runs on keep UTC. A date alone is
 * its midnight UTC.
 */
final class Timestamps {

    private static final List<Function<String, Instant>> PARSERS = List.of(
            text -> OffsetDateTime.parse(text).toInstant(),
            text -> LocalDateTime.parse(text).toInstant(ZoneOffset.UTC),
            text -> LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant());

    private Timestamps() {
    }

    /** The instant, or empty when the text is no ISO-8601 date or date-time. */
    static Optional<Instant> instant(String text) {
        for (var parser : PARSERS) {
            try {
                return Optional.of(parser.apply(text));
            } catch (DateTimeParseException e) {
                // try the next form
            }
        }
        return Optional.empty();
    }
}
