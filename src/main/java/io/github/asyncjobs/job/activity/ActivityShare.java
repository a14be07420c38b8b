package io.github.asyncjobs.job.activity;

import java.time.Instant;
import java.util.List;

/**
 * Where the instances of one service share their recent activity, so that any of them can show the whole service's:
 * in Azure mode the accepting (api) and the processing (worker) replicas are different processes.
 */
public interface ActivityShare {

    /** A service that runs as one process (the embedded store): it has nothing to share. */
    ActivityShare SINGLE_INSTANCE = new ActivityShare() {
        @Override
        public void publish(InstanceActivity activity) {
        }

        @Override
        public List<InstanceActivity> read(Instant since) {
            return List.of();
        }
    };

    /** Publishes this instance's activity in place of what it published before. */
    void publish(InstanceActivity activity);

    /** What every instance published at or after {@code since}, this one's included. */
    List<InstanceActivity> read(Instant since);
}
