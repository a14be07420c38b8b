package io.github.asyncjobs.job.queue;

import java.util.Map;
import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What travels through the queue for one job: the body is the job's JSON input, the job's id is the
 * message id (so brokers with duplicate detection drop repeats), and the type rides in {@code job_type}.
 *
 * @param properties extra application properties the job's handler declared, for routing and filtering
 */
@RegisterForReflection
public record JobMessage(UUID jobId, String type, byte[] input, Map<String, String> properties) {

    public static final String TYPE_PROPERTY = "job_type";
}
