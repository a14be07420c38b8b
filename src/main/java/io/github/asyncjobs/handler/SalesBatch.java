package io.github.asyncjobs.handler;

import java.util.List;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The input of {@code sales-report} as sent: 1 to 10,000 events, each read on its own, and what to do with invalid ones. */
@RegisterForReflection
public record SalesBatch(
        @NotNull @Size(min = 1, max = 10_000) List<JsonNode> events,
        @JsonProperty("on_invalid") OnInvalid onInvalid) {

    public SalesBatch {
        onInvalid = onInvalid == null ? OnInvalid.REJECT : onInvalid;
    }

    public enum OnInvalid {
        /** The job is refused, with every invalid event's errors. */
        @JsonProperty("reject")
        REJECT,
        /** Invalid events are counted and listed in the report, and left out of its figures. */
        @JsonProperty("skip")
        SKIP
    }
}
