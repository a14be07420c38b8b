package io.github.asyncjobs.handler;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Input of {@code sales-report}: 1 to 10,000 store events. */
@RegisterForReflection
public record SalesReportInput(@NotNull @Size(min = 1, max = 10_000) List<@NotNull @Valid SalesEvent> events) {
}
