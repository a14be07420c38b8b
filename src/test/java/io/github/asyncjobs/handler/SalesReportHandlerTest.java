package io.github.asyncjobs.handler;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.github.asyncjobs.handler.SalesEvent.EventType;
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

        var report = handler.handle(new SalesReportInput(events), new NoProgress());

        assertThat(report.saleEvents()).isEqualTo(3);
        assertThat(report.returnEvents()).isEqualTo(1);
        assertThat(report.inventoryEvents()).isEqualTo(1);
        assertThat(report.grossSales()).isEqualByComparingTo("39.47");
        assertThat(report.netSales()).isEqualByComparingTo("32.48");
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
        assertThat(books.byCategory()).isNull();
    }

    @Test
    void reportsProgressOnLargeBatches() {
        var events = new ArrayList<SalesEvent>();
        for (int i = 1; i <= 100; i++) {
            events.add(event(i, "toys", "1.00", 1, "0", false, EventType.SALE));
        }
        var progress = new NoProgress();
        var report = handler.handle(new SalesReportInput(events), progress);
        assertThat(report.saleEvents()).isEqualTo(100);
        assertThat(progress.reported).containsExactly(10, 20, 30, 40, 50, 60, 70, 80, 90);
    }

    @Test
    void setsTheClassicMessageProperties() {
        var single = new SalesReportInput(List.of(event(1, "toys", "1", 1, "0", false, EventType.SALE)));
        assertThat(handler.messageProperties(single)).containsEntry("event_type", "sale_event").containsEntry("priority_shipping", "false");
        var mixed = new SalesReportInput(List.of(event(1, "toys", "1", 1, "0", false, EventType.SALE),
                event(2, "toys", "1", 1, "0", false, EventType.INVENTORY)));
        assertThat(handler.messageProperties(mixed)).containsEntry("event_type", "mixed");
    }

    private static SalesEvent event(long id, String category, String price, int qty, String discount, boolean isReturn,
            EventType type) {
        return new SalesEvent(id, 7L, 42L, category, "SKU-" + id, new BigDecimal(price), qty, new BigDecimal(discount),
                false, null, false, "2024-05-01T10:15:00Z", isReturn, type);
    }

    private static final class NoProgress implements JobContext {

        final List<Integer> reported = new ArrayList<>();

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
            reported.add(percent);
        }

        @Override
        public boolean isCanceled() {
            return false;
        }
    }
}
