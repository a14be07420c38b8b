package io.github.asyncjobs.testing;

import java.sql.SQLException;

import javax.sql.DataSource;

/** What the embedded queue's table holds (docs/architecture.md describes it), for tests of the embedded default. */
public final class EmbeddedQueueRows {

    private EmbeddedQueueRows() {
    }

    /** Whether the embedded queue still holds the job's message. */
    public static boolean queued(DataSource database, String jobId) throws SQLException {
        try (var connection = database.getConnection();
                var query = connection.prepareStatement("SELECT count(*) FROM queue_messages WHERE message_id = ?")) {
            query.setString(1, jobId);
            try (var rows = query.executeQuery()) {
                return rows.next() && rows.getInt(1) > 0;
            }
        }
    }
}
