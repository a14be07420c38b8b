package io.github.asyncjobs.job.activity;

import java.time.Instant;
import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What one instance did in the last hour, as it shares it with the others, and what it saw of the backlog.
 *
 * @param instance this process's name, new at each start
 * @param backlog the unfinished jobs it counted at the end of each minute (the store's count: every instance's jobs)
 */
@RegisterForReflection
public record InstanceActivity(String instance, Instant written, List<ActivityMinute> minutes, List<BacklogSample> backlog) {

    public InstanceActivity {
        minutes = List.copyOf(minutes);
        backlog = List.copyOf(backlog);
    }

    /** The unfinished jobs counted in a minute (minutes since the epoch). */
    @RegisterForReflection
    public record BacklogSample(long minute, long unfinished) {
    }
}
