package io.github.asyncjobs.handler;

import java.math.BigDecimal;
import java.math.RoundingMode;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Counts and money of a group of valid events: all of them, or one category's (documented in docs/job-handlers.md).
 * Money is rounded to cents; gross is price x qty, net is gross less the discount, and returns count negatively in both;
 * total is what the sample's producer reports as {@code tot_sales}: price x qty of every event, whatever its type.
 */
@RegisterForReflection
public record SalesFigures(
        @JsonProperty("sale_events") long saleEvents,
        @JsonProperty("inventory_events") long inventoryEvents,
        @JsonProperty("return_events") long returnEvents,
        @JsonProperty("gross_sales") BigDecimal grossSales,
        @JsonProperty("net_sales") BigDecimal netSales,
        @JsonProperty("total_sales") BigDecimal totalSales) {

    long events() {
        return saleEvents + inventoryEvents + returnEvents;
    }

    /** Adds events up. */
    static final class Totals {

        private long sales;
        private long inventory;
        private long returns;
        private BigDecimal gross = BigDecimal.ZERO;
        private BigDecimal net = BigDecimal.ZERO;
        private BigDecimal total = BigDecimal.ZERO;

        void add(SalesEvent event) {
            total = total.add(event.grossAmount());
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

        SalesFigures figures() {
            return new SalesFigures(sales, inventory, returns, cents(gross), cents(net), cents(total));
        }

        private static BigDecimal cents(BigDecimal amount) {
            return amount.setScale(2, RoundingMode.HALF_EVEN);
        }
    }
}
