package io.github.asyncjobs.job;

import java.util.List;
import java.util.Optional;

/**
 * One page of a listing, newest first.
 *
 * @param continuation where the next page starts, opaque outside the store; empty on the last page
 */
public record JobPage(List<Job> jobs, Optional<String> continuation) {
}
