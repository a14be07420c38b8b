package io.github.asyncjobs.handler;

import java.math.BigDecimal;
import java.time.Instant;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One store event, as the event-orchestration sample's producer writes it. Fields not named here ({@code store_fqdn},
 * {@code contact_me}, ...) are allowed and ignored.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@RegisterForReflection
public record SalesEvent(
        @JsonDeserialize(using = TextOrNumber.class) @NotBlank String id,
        @JsonProperty("request_id") String requestId,
        @JsonProperty("store_id") @NotNull @Positive Long storeId,
        @JsonProperty("cust_id") @NotNull @Positive Long custId,
        @NotBlank String category,
        @JsonDeserialize(using = TextOrNumber.class) @NotBlank String sku,
        @NotNull @PositiveOrZero BigDecimal price,
        @NotNull @Positive Integer qty,
        @NotNull @DecimalMin("0") @DecimalMax("100") BigDecimal discount,
        @JsonProperty("gift_wrap") Boolean giftWrap,
        String variant,
        @JsonProperty("priority_shipping") Boolean priorityShipping,
        @NotNull @IsoTimestamp String ts,
        @JsonProperty("is_return") Boolean isReturn,
        @JsonProperty("event_type") EventType eventType) {

    /** Without a type an event is a sale, as the sample's producer has it (it may send the type only as a message property). */
    public SalesEvent {
        eventType = eventType == null ? EventType.SALE : eventType;
    }

    public enum EventType {
        @JsonProperty("sale_event")
        SALE,
        @JsonProperty("inventory_event")
        INVENTORY
    }

    boolean returned() {
        return Boolean.TRUE.equals(isReturn);
    }

    /** When it happened (see {@link Timestamps}); {@code ts} was checked when the job was accepted. */
    Instant instant() {
        return Timestamps.instant(ts).orElseThrow();
    }

    /** price x qty less the discount percentage. */
    BigDecimal netAmount() {
        var gross = grossAmount();
        return gross.subtract(gross.multiply(discount).movePointLeft(2));
    }

    BigDecimal grossAmount() {
        return price.multiply(BigDecimal.valueOf(qty));
    }
}
