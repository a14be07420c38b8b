package io.github.asyncjobs.job.callback;

import java.net.URI;
import java.time.ZoneOffset;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.jackson.JsonCloudEventData;
import io.cloudevents.jackson.JsonFormat;
import io.github.asyncjobs.job.Job;
import io.github.asyncjobs.job.JobStatus;
import io.github.asyncjobs.job.monitor.JobMonitor;

/**
 * The CloudEvent (1.0, JSON format) that tells a job's end, built with the CloudEvents SDK: {@code id} the delivery's
 * event id, {@code source} the job's monitor URL, {@code type} by how it ended, {@code subject} the job id, {@code time}
 * when it ended, and the status monitor as {@code data}, with the job's {@code owner} when callers authenticate.
 */
final class CallbackEvents {

    static final String TYPE_PREFIX = "io.github.asyncjobs.job.";
    /**
     * Made here rather than looked up through {@code EventFormatProvider}, whose ServiceLoader lookup a native image
     * would need registered; the format itself reaches nothing by reflection.
     */
    private static final JsonFormat FORMAT = new JsonFormat();

    private final ObjectMapper mapper;

    CallbackEvents(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** @param resourceLocation the absolute, freshly signed result URL of a succeeded job; null otherwise */
    byte[] event(Job job, CallbackDelivery delivery, URI resourceLocation) {
        ObjectNode data = mapper.valueToTree(JobMonitor.of(job, resourceLocation, null));
        if (job.owner() != null) {
            data.putPOJO("owner", job.owner()); // whose job: a receiver shared by callers can tell them apart
        }
        return FORMAT.serialize(CloudEventBuilder.v1()
                .withId(delivery.eventId().toString())
                .withSource(job.callback().resolve(URI.create(Job.monitorPath(job.id()))))
                .withType(type(job.status()))
                .withSubject(job.id().toString())
                .withTime(job.lastUpdatedDateTime().atOffset(ZoneOffset.UTC))
                .withDataContentType("application/json")
                .withData(JsonCloudEventData.wrap(data))
                .build());
    }

    static String type(JobStatus status) {
        return TYPE_PREFIX + switch (status) {
            case Succeeded -> "succeeded";
            case Failed -> "failed";
            case Canceled -> "canceled";
            default -> throw new IllegalArgumentException("A " + status + " job has not ended");
        };
    }
}
