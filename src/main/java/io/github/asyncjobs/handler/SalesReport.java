package io.github.asyncjobs.handler;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;

import io.github.asyncjobs.job.spi.FieldError;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Output of {@code sales-report} (documented in docs/job-handlers.md): the figures of all valid events, their period,
 * the figures per category, and the events left out.
 */
@RegisterForReflection
public record SalesReport(
        @JsonProperty("total_events") long totalEvents,
        @JsonProperty("bad_events") long badEvents,
        @JsonUnwrapped SalesFigures overall,
        @JsonProperty("first_ts") Instant firstTs,
        @JsonProperty("last_ts") Instant lastTs,
        @JsonProperty("by_category") Map<String, SalesFigures> byCategory,
        List<FieldError> skipped) {

    /** Adds valid events up, overall and per category. */
    static final class Builder {

        private final SalesFigures.Totals overall = new SalesFigures.Totals();
        private final Map<String, SalesFigures.Totals> categories = new TreeMap<>();
        private Instant first;
        private Instant last;

        void add(SalesEvent event) {
            overall.add(event);
            categories.computeIfAbsent(event.category(), c -> new SalesFigures.Totals()).add(event);
            var instant = event.instant();
            first = first == null || instant.isBefore(first) ? instant : first;
            last = last == null || instant.isAfter(last) ? instant : last;
        }

        SalesReport build(int badEvents, List<FieldError> skipped) {
            var figures = overall.figures();
            var byCategory = new TreeMap<String, SalesFigures>();
            categories.forEach((category, totals) -> byCategory.put(category, totals.figures()));
            return new SalesReport(figures.events() + badEvents, badEvents, figures, first, last, byCategory, skipped);
        }
    }
}
