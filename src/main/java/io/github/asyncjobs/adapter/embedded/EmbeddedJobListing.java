package io.github.asyncjobs.adapter.embedded;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.github.asyncjobs.adapter.embedded.EmbeddedDatabase.Sql;
import io.github.asyncjobs.job.Job;
import io.github.asyncjobs.job.JobPage;
import io.github.asyncjobs.job.JobQuery;

/**
 * One page of a caller's jobs, read through the index on (owner, created_at DESC, id DESC): the filters apply to the
 * owner's jobs in listing order, and the page stops at its size. The continuation is the last job's
 * {@code <created millis>/<id>}, so jobs accepted meanwhile (newer) never shift the pages still to come.
 */
record EmbeddedJobListing(String sql, List<Object> values, int pageSize) {

    private record Position(long created, String id) {
    }

    static EmbeddedJobListing of(String owner, JobQuery query) {
        var where = new StringBuilder("owner = ?");
        var values = new ArrayList<Object>(List.of(owner));
        if (!query.statuses().isEmpty()) {
            where.append(" AND status IN (").append(String.join(", ", Collections.nCopies(query.statuses().size(), "?"))).append(')');
            query.statuses().forEach(status -> values.add(status.name()));
        }
        query.type().ifPresent(type -> {
            where.append(" AND type = ?");
            values.add(type);
        });
        query.createdAfter().ifPresent(after -> {
            where.append(" AND created_at >= ?");
            values.add(after.toEpochMilli());
        });
        query.createdBefore().ifPresent(before -> {
            where.append(" AND created_at < ?");
            values.add(before.toEpochMilli());
        });
        query.continuation().map(EmbeddedJobListing::position).ifPresent(position -> {
            where.append(" AND (created_at < ? OR created_at = ? AND id < ?)");
            values.addAll(List.of(position.created(), position.created(), position.id()));
        });
        // One more than a page: whether there is a next one.
        values.add(query.pageSize() + 1);
        return new EmbeddedJobListing("SELECT record FROM jobs WHERE " + where + " ORDER BY created_at DESC, id DESC LIMIT ?",
                List.copyOf(values), query.pageSize());
    }

    PreparedStatement statement(Sql sql) throws SQLException {
        var select = sql.statement(this.sql);
        for (int i = 0; i < values.size(); i++) {
            select.setObject(i + 1, values.get(i));
        }
        return select;
    }

    /** The page of what {@link #statement} found, with a continuation when there was more. */
    JobPage page(List<Job> found) {
        if (found.size() <= pageSize) {
            return new JobPage(found, Optional.empty());
        }
        var page = found.subList(0, pageSize);
        var last = page.get(page.size() - 1);
        return new JobPage(List.copyOf(page), Optional.of(last.createdDateTime().toEpochMilli() + "/" + last.id()));
    }

    private static Position position(String continuation) {
        var parts = continuation.split("/", 2);
        try {
            return new Position(Long.parseLong(parts[0]), UUID.fromString(parts[1]).toString());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Not a continuation of this store: " + continuation, e);
        }
    }
}
