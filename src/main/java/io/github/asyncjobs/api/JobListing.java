package io.github.asyncjobs.api;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import jakarta.ws.rs.core.MultivaluedMap;

import io.github.asyncjobs.job.JobQuery;
import io.github.asyncjobs.job.JobStatus;
import io.github.asyncjobs.job.JobTags;
import io.github.asyncjobs.job.Sha256;

/**
 * The query parameters of {@code GET /api/jobs} (as the Azure REST API guidelines name them) read into a {@link JobQuery},
 * every mistake reported with the parameter's name; and the {@code nextLink} that carries them on with a skip token.
 */
record JobListing(List<Map.Entry<String, String>> filters, JobQuery query, boolean wholeTenant) {

    static final String STATUS = "status";
    static final String TYPE = "type";
    static final String TAG = "tag";
    static final String CREATED_AFTER = "createdAfter";
    static final String CREATED_BEFORE = "createdBefore";
    static final String MAX_PAGE_SIZE = "maxpagesize";
    static final String SKIP_TOKEN = "skipToken";
    /** {@code tenant}: every caller's jobs in the manager's tenant; {@code caller} (the default): one's own. */
    static final String SCOPE = "scope";
    static final int DEFAULT_PAGE_SIZE = 50;
    static final int MAX_PAGE_SIZE_LIMIT = 100;
    private static final ParameterError INVALID_SKIP_TOKEN = new ParameterError(SKIP_TOKEN,
            "is not a skip token this service handed out; start again without it");

    /** The query parameters as sent: an empty value is a value, and a parameter given twice is a mistake. */
    static JobListing of(MultivaluedMap<String, String> parameters) {
        var errors = new ArrayList<ParameterError>();
        var status = once(parameters, STATUS, errors);
        var tags = tags(parameters.getOrDefault(TAG, List.of()), errors);
        var type = once(parameters, TYPE, errors);
        var createdAfter = once(parameters, CREATED_AFTER, errors);
        var createdBefore = once(parameters, CREATED_BEFORE, errors);
        var maxPageSize = once(parameters, MAX_PAGE_SIZE, errors);
        var skipToken = once(parameters, SKIP_TOKEN, errors);
        var scope = once(parameters, SCOPE, errors);
        if (scope != null && !List.of("caller", "tenant").contains(scope)) {
            errors.add(new ParameterError(SCOPE, "must be caller (one's own jobs, the default) or tenant (everyone's, for a manager)"));
        }
        var statuses = EnumSet.noneOf(JobStatus.class);
        if (status != null) {
            for (var name : status.split(",", -1)) {
                try {
                    statuses.add(JobStatus.valueOf(name.trim()));
                } catch (IllegalArgumentException e) {
                    errors.add(new ParameterError(STATUS, "'" + name + "' is not a status; use a comma-separated list of "
                            + List.of(JobStatus.values()).stream().map(Enum::name).collect(Collectors.joining(", "))));
                }
            }
        }
        if (type != null && (type.isBlank() || type.length() > 100)) {
            errors.add(new ParameterError(TYPE, "must be a job type of 1 to 100 characters"));
        }
        var after = instant(CREATED_AFTER, createdAfter, errors);
        var before = instant(CREATED_BEFORE, createdBefore, errors);
        if (after.isPresent() && before.isPresent() && !after.get().isBefore(before.get())) {
            errors.add(new ParameterError(CREATED_BEFORE, "must be later than createdAfter"));
        }
        int pageSize = DEFAULT_PAGE_SIZE;
        if (maxPageSize != null) {
            try {
                pageSize = Integer.parseInt(maxPageSize);
            } catch (NumberFormatException e) {
                pageSize = 0;
            }
            if (pageSize < 1 || pageSize > MAX_PAGE_SIZE_LIMIT) {
                errors.add(new ParameterError(MAX_PAGE_SIZE, "must be a whole number from 1 to " + MAX_PAGE_SIZE_LIMIT));
            }
        }
        var continuation = Optional.ofNullable(skipToken).map(token -> decode(token, errors));
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
        var filters = new ArrayList<Map.Entry<String, String>>();
        put(filters, STATUS, status);
        put(filters, TYPE, type);
        tags.forEach(tag -> put(filters, TAG, tag));
        put(filters, CREATED_AFTER, createdAfter);
        put(filters, CREATED_BEFORE, createdBefore);
        put(filters, MAX_PAGE_SIZE, maxPageSize);
        put(filters, SCOPE, scope);
        return new JobListing(List.copyOf(filters), new JobQuery(statuses, Optional.ofNullable(type), tags, after, before, pageSize,
                continuation), "tenant".equals(scope));
    }

    /** The same listing's next page, relative to the service's base URL. */
    String nextLink(String continuation) {
        var link = new StringBuilder("/api/jobs?");
        filters.forEach(filter -> link.append(filter.getKey()).append('=').append(encode(filter.getValue())).append('&'));
        return link.append(SKIP_TOKEN).append('=').append(token(continuation)).toString();
    }

    /** A skip token that is not one this service handed out. */
    static ProblemException invalidSkipToken() {
        return invalid(List.of(INVALID_SKIP_TOKEN));
    }

    private static ProblemException invalid(List<ParameterError> errors) {
        return new ProblemException(Problem.Type.INVALID_REQUEST.with("The listing's query parameters are not valid", errors));
    }

    /**
     * The store's continuation, with a check digest: a token mangled on its way back is told apart from a position (the
     * position alone grants nothing, since a listing never leaves the caller's own jobs).
     */
    private static String token(String continuation) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(continuation.getBytes(StandardCharsets.UTF_8))
                + "." + Sha256.hex(continuation).substring(0, 16);
    }

    private static String decode(String token, List<ParameterError> errors) {
        var dot = token.lastIndexOf('.');
        try {
            var continuation = new String(Base64.getUrlDecoder().decode(token.substring(0, Math.max(dot, 0))), StandardCharsets.UTF_8);
            if (dot > 0 && token(continuation).equals(token)) {
                return continuation;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        errors.add(INVALID_SKIP_TOKEN);
        return "";
    }

    private static String once(MultivaluedMap<String, String> parameters, String name, List<ParameterError> errors) {
        var values = parameters.get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            errors.add(new ParameterError(name, "must be given once"));
        }
        return values.get(0);
    }

    private static Optional<Instant> instant(String parameter, String value, List<ParameterError> errors) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(value));
        } catch (DateTimeParseException e) {
            errors.add(new ParameterError(parameter, "must be an ISO-8601 UTC instant such as 2026-12-05T10:15:30Z"));
            return Optional.empty();
        }
    }

    private static void put(List<Map.Entry<String, String>> filters, String name, String value) {
        if (value != null) {
            filters.add(Map.entry(name, value));
        }
    }

    /** Each {@code tag=key:value}, repeatable up to the most a job has; a job must have them all. */
    private static List<String> tags(List<String> terms, List<ParameterError> errors) {
        if (terms.size() > JobTags.MAX_TAGS) {
            errors.add(new ParameterError(TAG, "is given " + terms.size() + " times; at most " + JobTags.MAX_TAGS));
        }
        for (var term : terms) {
            int colon = term.indexOf(':');
            if (colon < 0) {
                errors.add(new ParameterError(TAG, "'" + term + "' must be key:value"));
                continue;
            }
            JobTags.keyProblem(term.substring(0, colon)).or(() -> JobTags.valueProblem(term.substring(colon + 1)))
                    .ifPresent(problem -> errors.add(new ParameterError(TAG, "'" + term + "': " + problem)));
        }
        return terms.stream().distinct().toList();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
