package io.github.asyncjobs.handler;

import java.math.BigDecimal;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** One store event, as in the classic sample's sales feed. Fields not named here are allowed and ignored. */
@JsonIgnoreProperties(ignoreUnknown = true)
@RegisterForReflection
public record SalesEvent(
        @NotNull @Positive Long id,
        @JsonProperty("store_id") @NotNull @Positive Long storeId,
        @JsonProperty("cust_id") @NotNull @Positive Long custId,
        @NotBlank String category,
        @NotBlank String sku,
        @NotNull @PositiveOrZero BigDecimal price,
        @NotNull @Positive Integer qty,
        @NotNull @DecimalMin("0") @DecimalMax("100") BigDecimal discount,
        @JsonProperty("gift_wrap") Boolean giftWrap,
        String variant,
        @JsonProperty("priority_shipping") Boolean priorityShipping,
        @NotNull @IsoTimestamp String ts,
        @JsonProperty("is_return") Boolean isReturn,
        @JsonProperty("event_type") @NotNull EventType eventType) {

    public enum EventType {
        @JsonProperty("sale_event")
        SALE,
        @JsonProperty("inventory_event")
        INVENTORY
    }

    boolean returned() {
        return Boolean.TRUE.equals(isReturn);
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
