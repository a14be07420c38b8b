package io.github.asyncjobs.handler;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.github.asyncjobs.job.spi.InputReader;
import io.github.asyncjobs.job.spi.JobContext;
import io.github.asyncjobs.job.spi.JobHandler;

/** {@code sales-report}: counts and sales totals of a batch of store events, overall and per category. */
@ApplicationScoped
public class SalesReportHandler implements JobHandler<SalesReportInput> {

    /** Progress is reported after every this many events (the service writes at most one report a second). */
    static final int PROGRESS_EVERY = 1000;

    @Override
    public String type() {
        return "sales-report";
    }

    @Override
    public Class<SalesReportInput> inputType() {
        return SalesReportInput.class;
    }

    @Override
    public SalesReportInput read(JsonNode input, InputReader reader) {
        return SalesReportInput.read(input, reader);
    }

    /** As in the classic sample: route on the event type (of the valid events) and on priority shipping. */
    @Override
    public Map<String, String> messageProperties(SalesReportInput input) {
        var types = input.events().stream().map(e -> e.eventType() == SalesEvent.EventType.SALE ? "sale_event" : "inventory_event")
                .distinct().toList();
        var eventType = switch (types.size()) {
            case 0 -> "none";
            case 1 -> types.get(0);
            default -> "mixed";
        };
        var priority = input.events().stream().anyMatch(e -> Boolean.TRUE.equals(e.priorityShipping()));
        return Map.of("event_type", eventType, "priority_shipping", String.valueOf(priority));
    }

    @Override
    public SalesReport handle(SalesReportInput input, JobContext context) {
        var report = new SalesReport.Builder();
        var events = input.events();
        for (int i = 0; i < events.size(); i++) {
            report.add(events.get(i));
            int done = i + 1;
            if (done % PROGRESS_EVERY == 0 && done < events.size()) {
                context.reportProgress(done * 100 / events.size(), "aggregating");
                context.setCustomStatus(Map.of("eventsDone", done, "events", events.size()));
            }
        }
        return report.build(input.badEvents(), input.skipped());
    }
}
