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

    private static final int PROGRESS_STEPS = 10;

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
        int step = Math.max(1, events.size() / PROGRESS_STEPS);
        for (int i = 0; i < events.size(); i++) {
            report.add(events.get(i));
            if ((i + 1) % step == 0 && i + 1 < events.size()) {
                context.reportProgress((i + 1) * 100 / events.size());
            }
        }
        return report.build(input.badEvents(), input.skipped());
    }
}
