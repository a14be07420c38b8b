package io.github.asyncjobs.handler;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Output of {@code sales-report} (documented in docs/job-handlers.md). Money is rounded to cents;
 * gross is price x qty, net is gross less the discount, and returns count negatively in both.
 */
@RegisterForReflection
public record SalesReport(
        @JsonProperty("sale_events") long saleEvents,
        @JsonProperty("inventory_events") long inventoryEvents,
        @JsonProperty("return_events") long returnEvents,
        @JsonProperty("gross_sales") BigDecimal grossSales,
        @JsonProperty("net_sales") BigDecimal netSales,
        @JsonProperty("by_category") Map<String, SalesReport> byCategory) {

    /** Adds events up, overall and per category. */
    static final class Builder {

        private final Totals overall = new Totals();
        private final Map<String, Totals> categories = new TreeMap<>();

        void add(SalesEvent event) {
            overall.add(event);
            categories.computeIfAbsent(event.category(), c -> new Totals()).add(event);
        }

        SalesReport build() {
            var byCategory = new TreeMap<String, SalesReport>();
            categories.forEach((category, totals) -> byCategory.put(category, totals.report(null)));
            return overall.report(byCategory);
        }
    }

    private static final class Totals {

        private long sales;
        private long inventory;
        private long returns;
        private BigDecimal gross = BigDecimal.ZERO;
        private BigDecimal net = BigDecimal.ZERO;

        void add(SalesEvent event) {
            if (event.eventType() == SalesEvent.EventType.INVENTORY) {
                inventory++;
                return;
            }
            if (event.returned()) {
                returns++;
                gross = gross.subtract(event.grossAmount());
                net = net.subtract(event.netAmount());
            } else {
                sales++;
                gross = gross.add(event.grossAmount());
                net = net.add(event.netAmount());
            }
        }

        SalesReport report(Map<String, SalesReport> byCategory) {
            return new SalesReport(sales, inventory, returns, cents(gross), cents(net), byCategory);
        }

        private static BigDecimal cents(BigDecimal amount) {
            return amount.setScale(2, RoundingMode.HALF_EVEN);
        }
    }
}
