package io.github.asyncjobs.handler;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.github.asyncjobs.handler.SalesBatch.OnInvalid;
import io.github.asyncjobs.job.spi.FieldError;
import io.github.asyncjobs.job.spi.InputReader;
import io.github.asyncjobs.job.spi.InvalidJobException;

/**
 * What a sales report is made of: the valid events, and how many were invalid and skipped with the errors that made them
 * so (none unless the request said {@code "on_invalid": "skip"}).
 */
public record SalesReportInput(List<SalesEvent> events, int badEvents, List<FieldError> skipped) {

    /** Reads each event on its own, so that every invalid one is found (and, if asked, skipped). */
    static SalesReportInput read(JsonNode input, InputReader reader) {
        var batch = reader.read(input, SalesBatch.class, "/input");
        var events = new ArrayList<SalesEvent>();
        var errors = new ArrayList<FieldError>();
        int bad = 0;
        for (int i = 0; i < batch.events().size(); i++) {
            try {
                events.add(reader.read(batch.events().get(i), SalesEvent.class, "/input/events/" + i));
            } catch (InvalidJobException e) {
                bad++;
                errors.addAll(e.errors());
            }
        }
        if (bad > 0 && batch.onInvalid() == OnInvalid.REJECT) {
            throw new InvalidJobException("Invalid events: " + bad + " of " + batch.events().size()
                    + " (with \"on_invalid\": \"skip\" they are counted and skipped instead)", errors);
        }
        return new SalesReportInput(events, bad, errors);
    }
}
