package io.github.asyncjobs.handler;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.github.asyncjobs.handler.SalesEvent.EventType;
import io.github.asyncjobs.job.spi.FieldError;
import io.github.asyncjobs.job.spi.JobContext;

/** The report's arithmetic, on events whose totals are worked out by hand. */
class SalesReportHandlerTest {

    private final SalesReportHandler handler = new SalesReportHandler();

    @Test
    void countsEventsAndTotalsSalesOverallAndPerCategory() {
        var events = List.of(
                // toys: 2 x 10.00 less 10 % = 18.00 net, 20.00 gross
                event(1, "toys", "10.00", 2, "10", false, EventType.SALE),
                // toys: 1 x 5.50, no discount
                event(2, "toys", "5.50", 1, "0", false, EventType.SALE),
                // toys return: 1 x 10.00 less 10 % -> -10.00 gross, -9.00 net
                event(3, "toys", "10.00", 1, "10", true, EventType.SALE),
                // books: 3 x 7.99 less 25 % = 23.97 gross, 17.9775 net -> 17.98
                event(4, "books", "7.99", 3, "25", false, EventType.SALE),
                // inventory moves no money
                event(5, "books", "100.00", 50, "0", false, EventType.INVENTORY));

        var report = handler.handle(valid(events), new NoProgress());

        assertThat(report.totalEvents()).isEqualTo(5);
        assertThat(report.badEvents()).isZero();
        assertThat(report.skipped()).isEmpty();
        assertThat(report.overall().saleEvents()).isEqualTo(3);
        assertThat(report.overall().returnEvents()).isEqualTo(1);
        assertThat(report.overall().inventoryEvents()).isEqualTo(1);
        assertThat(report.overall().grossSales()).isEqualByComparingTo("39.47");
        assertThat(report.overall().netSales()).isEqualByComparingTo("32.48");
        // every event's price x qty, whatever its type: 20.00 + 5.50 + 10.00 + 23.97 + 5000.00
        assertThat(report.overall().totalSales()).isEqualByComparingTo("5059.47");
        assertThat(report.byCategory()).containsOnlyKeys("books", "toys");
        var toys = report.byCategory().get("toys");
        assertThat(toys.saleEvents()).isEqualTo(2);
        assertThat(toys.returnEvents()).isEqualTo(1);
        assertThat(toys.grossSales()).isEqualByComparingTo("15.50");
        assertThat(toys.netSales()).isEqualByComparingTo("14.50");
        var books = report.byCategory().get("books");
        assertThat(books.inventoryEvents()).isEqualTo(1);
        assertThat(books.grossSales()).isEqualByComparingTo("23.97");
        assertThat(books.netSales()).isEqualByComparingTo("17.98");
        assertThat(books.totalSales()).isEqualByComparingTo("5023.97");
    }

    @Test
    void countsSkippedEventsAsBadAndListsTheirErrors() {
        var skipped = List.of(new FieldError("/input/events/1/qty", "must be greater than 0"),
                new FieldError("/input/events/1/ts", "must not be null"), new FieldError("/input/events/2/store_id", "must not be null"));
        var input = new SalesReportInput(List.of(event(1, "toys", "2.00", 3, "0", false, EventType.SALE)), 2, skipped);

        var report = handler.handle(input, new NoProgress());

        assertThat(report.totalEvents()).isEqualTo(3);
        assertThat(report.badEvents()).isEqualTo(2);
        assertThat(report.skipped()).isEqualTo(skipped);
        assertThat(report.overall().saleEvents()).isEqualTo(1);
        assertThat(report.overall().grossSales()).isEqualByComparingTo("6.00");
    }

    @Test
    void aBatchWhoseEveryEventWasSkippedHasZeroFigures() {
        var skipped = List.of(new FieldError("/input/events/0/store_id", "must not be null"));
        var input = new SalesReportInput(List.of(), 1, skipped);

        var report = handler.handle(input, new NoProgress());

        assertThat(report.totalEvents()).isEqualTo(1);
        assertThat(report.badEvents()).isEqualTo(1);
        assertThat(report.overall().events()).isZero();
        assertThat(report.overall().totalSales()).isEqualByComparingTo("0");
        assertThat(report.firstTs()).isNull();
        assertThat(report.byCategory()).isEmpty();
        assertThat(handler.messageProperties(input)).containsEntry("event_type", "none");
    }

    @Test
    void anEventWithoutATypeIsASale() {
        var event = event(1, "toys", "1.00", 1, "0", false, null);
        assertThat(event.eventType()).isEqualTo(EventType.SALE);
        assertThat(handler.handle(valid(List.of(event)), new NoProgress()).overall().saleEvents()).isEqualTo(1);
    }

    @Test
    void thePeriodIsInUtcAndATimestampWithoutOffsetIsUtc() {
        var events = List.of(at("2024-05-01T10:15:00.5+02:00"), at("2024-05-01T09:00:00"), at("2024-04-30"), at("2024-05-01T08:15:00Z"));

        var report = handler.handle(valid(events), new NoProgress());

        assertThat(report.firstTs()).isEqualTo(Instant.parse("2024-04-30T00:00:00Z"));
        assertThat(report.lastTs()).isEqualTo(Instant.parse("2024-05-01T09:00:00Z"));
    }

    @Test
    void reportsProgressOnLargeBatches() {
        var events = new ArrayList<SalesEvent>();
        for (int i = 1; i <= 3500; i++) {
            events.add(event(i, "toys", "1.00", 1, "0", false, EventType.SALE));
        }
        var progress = new NoProgress();
        var report = handler.handle(valid(events), progress);
        assertThat(report.overall().saleEvents()).isEqualTo(3500);
        assertThat(progress.reported).containsExactly("28% aggregating", "57% aggregating", "85% aggregating");
        assertThat(progress.customStatuses).containsExactly(Map.of("eventsDone", 1000, "events", 3500),
                Map.of("eventsDone", 2000, "events", 3500), Map.of("eventsDone", 3000, "events", 3500));
    }

    @Test
    void setsTheClassicMessageProperties() {
        var single = valid(List.of(event(1, "toys", "1", 1, "0", false, EventType.SALE)));
        assertThat(handler.messageProperties(single)).containsEntry("event_type", "sale_event").containsEntry("priority_shipping", "false");
        var mixed = valid(List.of(event(1, "toys", "1", 1, "0", false, EventType.SALE),
                event(2, "toys", "1", 1, "0", false, EventType.INVENTORY)));
        assertThat(handler.messageProperties(mixed)).containsEntry("event_type", "mixed");
    }

    private static SalesReportInput valid(List<SalesEvent> events) {
        return new SalesReportInput(events, 0, List.of());
    }

    private static SalesEvent at(String ts) {
        return new SalesEvent("e", null, 7L, 42L, "toys", "SKU-1", BigDecimal.ONE, 1, BigDecimal.ZERO, false, null, false, ts, false,
                EventType.SALE);
    }

    private static SalesEvent event(long id, String category, String price, int qty, String discount, boolean isReturn,
            EventType type) {
        return new SalesEvent(String.valueOf(id), null, 7L, 42L, category, "SKU-" + id, new BigDecimal(price), qty,
                new BigDecimal(discount), false, null, false, "2024-05-01T10:15:00Z", isReturn, type);
    }

    private static final class NoProgress implements JobContext {

        final List<String> reported = new ArrayList<>();
        final List<Object> customStatuses = new ArrayList<>();

        @Override
        public UUID jobId() {
            return UUID.randomUUID();
        }

        @Override
        public int attempt() {
            return 1;
        }

        @Override
        public void reportProgress(int percent) {
            reported.add(percent + "%");
        }

        @Override
        public void reportProgress(int percent, String stage) {
            reported.add(percent + "% " + stage);
        }

        @Override
        public void setCustomStatus(Object status) {
            customStatuses.add(status);
        }

        @Override
        public boolean isCanceled() {
            return false;
        }
    }
}
