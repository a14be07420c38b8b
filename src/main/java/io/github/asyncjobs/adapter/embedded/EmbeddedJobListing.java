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
 * One page of a caller's jobs, read through the index on (owner, created_at DESC, id DESC), or, when tags are asked
 * for, the tag index on (owner, tag, created_at DESC, id DESC) of the first tag, with the others looked up by key: the
 * filters apply to the owner's jobs in listing order, and the page stops at its size. The continuation is the last job's
 * {@code <created millis>/<id>}, so jobs accepted meanwhile (newer) never shift the pages still to come.
 */
record EmbeddedJobListing(String sql, List<Object> values, int pageSize) {

    private record Position(long created, String id) {
    }

    static EmbeddedJobListing of(String owner, JobQuery query) {
        return of("owner", owner, query, !query.tags().isEmpty());
    }

    /** Every owner's jobs in the tenant, through the index on (tenant, created_at DESC, id DESC); tags looked up by job. */
    static EmbeddedJobListing ofTenant(String tenant, JobQuery query) {
        return of("tenant", tenant, query, false);
    }

    private static EmbeddedJobListing of(String column, String value, JobQuery query, boolean byTagIndex) {
        // Listed in the order of the index read: the jobs' own, or the first tag's.
        var by = byTagIndex ? "t." : "jobs.";
        var where = new StringBuilder(by + column + " = ?");
        var values = new ArrayList<Object>(List.of(value));
        var tags = query.tags();
        if (byTagIndex) {
            where.append(" AND t.tag = ?");
            values.add(tags.get(0));
            for (var tag : tags.subList(1, tags.size())) {
                where.append(" AND EXISTS (SELECT 1 FROM job_tags o WHERE o.owner = t.owner AND o.tag = ? AND o.created_at = t.created_at"
                        + " AND o.id = t.id)");
                values.add(tag);
            }
        } else {
            for (var tag : tags) {
                where.append(" AND EXISTS (SELECT 1 FROM job_tags o WHERE o.id = jobs.id AND o.tag = ?)");
                values.add(tag);
            }
        }
        if (!query.statuses().isEmpty()) {
            where.append(" AND status IN (").append(String.join(", ", Collections.nCopies(query.statuses().size(), "?"))).append(')');
            query.statuses().forEach(status -> values.add(status.name()));
        }
        query.type().ifPresent(type -> {
            where.append(" AND type = ?");
            values.add(type);
        });
        query.createdAfter().ifPresent(after -> {
            where.append(" AND ").append(by).append("created_at >= ?");
            values.add(after.toEpochMilli());
        });
        query.createdBefore().ifPresent(before -> {
            where.append(" AND ").append(by).append("created_at < ?");
            values.add(before.toEpochMilli());
        });
        query.continuation().map(EmbeddedJobListing::position).ifPresent(position -> {
            where.append(" AND (").append(by).append("created_at < ? OR ").append(by).append("created_at = ? AND ").append(by)
                    .append("id < ?)");
            values.addAll(List.of(position.created(), position.created(), position.id()));
        });
        // One more than a page: whether there is a next one.
        values.add(query.pageSize() + 1);
        var from = byTagIndex ? "job_tags t JOIN jobs ON jobs.id = t.id" : "jobs";
        return new EmbeddedJobListing("SELECT jobs.record FROM " + from + " WHERE " + where + " ORDER BY " + by + "created_at DESC, "
                + by + "id DESC LIMIT ?", List.copyOf(values), query.pageSize());
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
