package io.github.asyncjobs.job;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which of one owner's jobs to list, newest first, a page at a time.
 *
 * @param statuses the statuses wanted; empty for all
 * @param tags tags the jobs must all have, as terms {@code key:value} ({@link JobTags#term})
 * @param createdAfter only jobs created at or after this instant
 * @param createdBefore only jobs created before this instant
 * @param pageSize most jobs in one page; a page may hold fewer (even none) and still have a next one
 * @param continuation where the previous page ended, as the store wrote it in {@link JobPage#continuation()}
 */
public record JobQuery(Set<JobStatus> statuses, Optional<String> type, List<String> tags, Optional<Instant> createdAfter,
        Optional<Instant> createdBefore, int pageSize, Optional<String> continuation) {

    public JobQuery {
        statuses = Set.copyOf(statuses);
        tags = List.copyOf(tags);
    }

    /** Whether {@code job} passes every filter but the owner's, which the store applies. */
    public boolean matches(Job job) {
        return (statuses.isEmpty() || statuses.contains(job.status()))
                && type.map(job.type()::equals).orElse(true)
                && tags.stream().allMatch(term -> JobTags.has(job.tags(), term))
                && createdAfter.map(after -> !job.createdDateTime().isBefore(after)).orElse(true)
                && createdBefore.map(job.createdDateTime()::isBefore).orElse(true);
    }
}
