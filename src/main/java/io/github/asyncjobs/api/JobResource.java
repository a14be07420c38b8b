package io.github.asyncjobs.api;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.asyncjobs.config.ApiConfig;
import io.github.asyncjobs.config.JobsConfig;
import io.github.asyncjobs.job.Job;
import io.github.asyncjobs.job.JobPage;
import io.github.asyncjobs.job.JobStatus;
import io.github.asyncjobs.job.JobTags;
import io.github.asyncjobs.job.Requester;
import io.github.asyncjobs.job.callback.CallbackRequest;
import io.github.asyncjobs.job.intake.JobRequest;
import io.github.asyncjobs.job.monitor.JobMonitor;
import io.github.asyncjobs.job.service.InvalidQueryException;
import io.github.asyncjobs.job.service.JobService;
import io.github.asyncjobs.job.spi.FieldError;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/** The asynchronous request-reply API: accept a job, report on it, redirect to its result, cancel it. */
@Path("/api/jobs")
@Tag(name = "Jobs")
@SecurityRequirement(name = "entra-id")
@Produces(MediaType.APPLICATION_JSON)
public class JobResource {

    /** The members of a submit; any other is refused. */
    private static final Set<String> REQUEST_MEMBERS = Set.of("type", "input", "tags", "notBefore", "callback");

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final String OPERATION_LOCATION = "Operation-Location";
    private static final String NO_STORE = "no-store";

    private final JobService jobs;
    private final PublicUrls urls;
    private final RequestJson json;
    private final ApiConfig config;
    private final Duration maxDelay;
    private final Callers callers;

    public JobResource(JobService jobs, PublicUrls urls, ObjectMapper mapper, JobsConfig config, Callers callers) {
        this.jobs = jobs;
        this.callers = callers;
        this.urls = urls;
        this.json = new RequestJson(mapper);
        this.config = config.api();
        this.maxDelay = config.scheduling().maxDelay();
    }

    /**
     * Returns a {@code Uni}, so the body is read on the event loop without holding a thread (a client that sends half
     * a body and waits costs nothing but its connection); the work that blocks then runs on a worker thread, in the
     * request's context (trace, logging).
     */
    @POST
    @CallerFirst.Required
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Accept a job", description = "Answers 202 with Location (status) and Operation-Location (monitor).")
    @Parameter(name = IDEMPOTENCY_KEY, in = ParameterIn.HEADER, description = "1-255 printable ASCII characters; binds the job for 24 h")
    @Parameter(name = PreferWait.HEADER, in = ParameterIn.HEADER, description = "wait=N (up to 60): 200 with the monitor if the job ends within N seconds")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = JobSubmission.class)))
    @APIResponse(responseCode = "202", description = "Accepted", content = @Content(schema = @Schema(implementation = JobMonitor.class)))
    public Uni<Response> submit(byte[] body, @Context HttpHeaders headers, @Context UriInfo uri) {
        var idempotencyKeys = headers.getRequestHeaders().get(IDEMPOTENCY_KEY);
        var contentType = headers.getHeaderString(HttpHeaders.CONTENT_TYPE);
        var wait = PreferWait.of(headers);
        return callers.current().map(Caller::mustSubmit).chain(caller -> VertxContextSupport.executeBlocking(() -> {
            var acceptance = accept(body, idempotencyKeys, contentType, uri, caller.requester());
            // The answer reads the store (a callback's state): built here, on the worker thread, or where a wait ends.
            return wait.isEmpty() ? Uni.createFrom().item(accepted(acceptance, acceptance.job(), false, uri))
                    : untilEnded(acceptance.job(), wait, caller.requester()).map(job -> accepted(acceptance, job, true, uri));
        })).chain(answer -> answer);
    }

    private JobService.Acceptance accept(byte[] body, List<String> idempotencyKeys, String contentType, UriInfo uri,
            Requester requester) {
        var root = urls.root(uri); // before anything is accepted: a response that is not 2xx must mean no job was made
        if (!isJson(contentType)) {
            // JAX-RS lets a request without Content-Type (or with a wildcard) through to @Consumes(JSON): say it plainly.
            throw new ProblemException(Problem.Type.UNSUPPORTED_MEDIA_TYPE.with(ProblemMapper.SEND_JSON));
        }
        if (body.length > config.maxRequestBytes()) {
            throw new ProblemException(Problem.Type.REQUEST_TOO_LARGE.with(HttpLayerProblems.tooLarge(config.maxRequestBytes())));
        }
        var idempotencyKey = idempotencyKey(idempotencyKeys);
        var request = json.parse(body);
        onlyMembers(request, "", REQUEST_MEMBERS, "the request");
        var type = request.get("type");
        if (type == null || !type.isTextual() || type.asText().isBlank()) {
            throw invalid("The request has no job type", "/type", "must be a non-empty string");
        }
        var callback = callbackUrl(request.get("callback")).map(url -> new CallbackRequest(url, root));
        var tags = tags(request.get("tags"));
        var notBefore = notBefore(request.get("notBefore"));
        return jobs.accept(JobRequest.of(type.asText(), request.get("input"), tags, notBefore, idempotencyKey, body, callback), requester);
    }

    /**
     * 202, as for any accepted job, with the caller's rate limit state; 200 with the monitor when the job ended while the
     * request waited ({@code Prefer: wait}).
     */
    private Response accepted(JobService.Acceptance acceptance, Job now, boolean waited, UriInfo uri) {
        var rate = acceptance.rate();
        var response = waited && now.isTerminal()
                ? Response.ok(monitor(now, uri)).location(urls.resolve(uri, statusPath(now))).header(HttpHeaders.CACHE_CONTROL, NO_STORE)
                : pending(now, uri);
        // The IETF httpapi RateLimit fields: the caller's bucket (size, seconds to fill) and what is left of it now.
        return response.header(OPERATION_LOCATION, urls.resolve(uri, monitorPath(now)))
                .header("RateLimit-Policy", "\"accepts\";q=" + rate.quota() + ";w=" + RetryAfter.seconds(rate.window()))
                .header("RateLimit", "\"accepts\";r=" + rate.remaining() + ";t=" + (rate.untilFull().toMillis() + 999) / 1000)
                .build();
    }

    /**
     * The job once it ended, or as it is after the wait {@code Prefer: wait} asked for; at once, on the calling thread,
     * without one. No thread waits: after a wait, what follows runs on a worker thread (never the event loop: answers
     * read the store).
     */
    private Uni<Job> untilEnded(Job job, Optional<Duration> wait, Requester requester) {
        if (wait.isEmpty() || job.isTerminal()) {
            return Uni.createFrom().item(job);
        }
        return Uni.createFrom().completionStage(jobs.awaitEnd(job, wait.get(), requester))
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(ended -> ended != null ? ended : jobs.find(job.id(), requester).orElse(job));
    }

    @GET
    @Operation(summary = "List the caller's jobs", description = "Newest first, a page at a time: {value: [monitor], nextLink}.")
    @Parameter(name = JobListing.STATUS, in = ParameterIn.QUERY, description = "Comma-separated statuses, e.g. Running,Failed")
    @Parameter(name = JobListing.TYPE, in = ParameterIn.QUERY, description = "One job type")
    @Parameter(name = JobListing.TAG, in = ParameterIn.QUERY, description = "key:value; repeatable, a job must have every one")
    @Parameter(name = JobListing.CREATED_AFTER, in = ParameterIn.QUERY, description = "ISO-8601 instant: created at or after")
    @Parameter(name = JobListing.CREATED_BEFORE, in = ParameterIn.QUERY, description = "ISO-8601 instant: created before")
    @Parameter(name = JobListing.MAX_PAGE_SIZE, in = ParameterIn.QUERY, description = "1 to 100, default 50")
    @Parameter(name = JobListing.SKIP_TOKEN, in = ParameterIn.QUERY, description = "Only as nextLink carries it")
    @Parameter(name = JobListing.SCOPE, in = ParameterIn.QUERY, description = "caller (default) or tenant: every caller's jobs, needs Jobs.Manage")
    public Response list(@Context UriInfo uri) {
        var caller = callers.currentBlocking();
        var listing = JobListing.of(uri.getQueryParameters());
        var requester = (listing.wholeTenant() ? caller.mustManage() : caller.mustRead()).requester();
        JobPage page;
        try {
            page = jobs.list(listing.query(), requester, listing.wholeTenant());
        } catch (InvalidQueryException e) {
            throw JobListing.invalidSkipToken();
        }
        var value = page.jobs().stream().map(job -> monitor(job, uri)).toList();
        var next = page.continuation().map(continuation -> urls.resolve(uri, listing.nextLink(continuation)));
        return Response.ok(new JobList(value, next.orElse(null))).header(HttpHeaders.CACHE_CONTROL, NO_STORE).build();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "The job's status monitor", description = "Always 200 for a known job; Retry-After while it is not finished.")
    @APIResponse(responseCode = "200", description = "The monitor", content = @Content(schema = @Schema(implementation = JobMonitor.class)))
    @Blocking
    @Parameter(name = PreferWait.HEADER, in = ParameterIn.HEADER, description = "wait=N (up to 60): answer as soon as the job ends, or after N seconds")
    public Uni<Response> monitor(@PathParam("id") String id, @Context HttpHeaders headers, @Context UriInfo uri) {
        return whenEnded(id, headers, job -> {
            var response = Response.ok(monitor(job, uri)).header(HttpHeaders.CACHE_CONTROL, NO_STORE);
            if (!job.isTerminal()) {
                response.header(HttpHeaders.RETRY_AFTER, RetryAfter.seconds(jobs.pollAgainIn(job)));
            }
            return response;
        });
    }

    @GET
    @Path("/{id}/status")
    @Operation(summary = "Redirect-style status", description = "202 while pending, 303 to the result when it succeeded, 200 when it failed or was canceled.")
    @Blocking
    @Parameter(name = PreferWait.HEADER, in = ParameterIn.HEADER, description = "wait=N (up to 60): answer as soon as the job ends, or after N seconds")
    public Uni<Response> status(@PathParam("id") String id, @Context HttpHeaders headers, @Context UriInfo uri) {
        return whenEnded(id, headers, job -> job.status() == JobStatus.Succeeded
                ? Response.seeOther(urls.resolve(uri, jobs.resultUrl(job))).header(HttpHeaders.CACHE_CONTROL, NO_STORE)
                : job.isTerminal() ? Response.ok(monitor(job, uri)).header(HttpHeaders.CACHE_CONTROL, NO_STORE) : pending(job, uri));
    }

    /** The answer about the caller's job {@code id}, once it ended or its {@code Prefer: wait} is over; at once without one. */
    private Uni<Response> whenEnded(String id, HttpHeaders headers, Function<Job, Response.ResponseBuilder> answer) {
        var requester = callers.currentBlocking().mustRead().requester();
        return untilEnded(find(id, requester), PreferWait.of(headers), requester).map(job -> answer.apply(job).build());
    }

    /** 202 with the monitor, pointing at the status URL to poll and saying when. */
    private Response.ResponseBuilder pending(Job job, UriInfo uri) {
        return Response.accepted(monitor(job, uri))
                .location(urls.resolve(uri, statusPath(job)))
                .header(HttpHeaders.RETRY_AFTER, RetryAfter.seconds(jobs.pollAgainIn(job)))
                .header(HttpHeaders.CACHE_CONTROL, NO_STORE);
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Cancel a job", description = "200 with the canceled monitor; 409 when the job already succeeded or failed.")
    public Response cancel(@PathParam("id") String id, @Context UriInfo uri) {
        var requester = callers.currentBlocking().mustCancel().requester();
        var job = parseId(id).flatMap(uuid -> jobs.cancel(uuid, requester)).orElseThrow(() -> notFound(id));
        return Response.ok(monitor(job, uri)).header(HttpHeaders.CACHE_CONTROL, NO_STORE).build();
    }

    /**
     * An action in the form of Microsoft's REST API guidelines, {@code POST /api/jobs/{id}:action}: {@code :cancel} (the
     * same as DELETE), {@code :rerun} and {@code :purge}. One segment, read here: JAX-RS matches a template's variable up
     * to the segment's end.
     */
    @POST
    @Path("/{idAndAction}")
    @Operation(summary = "Act on a job: POST /api/jobs/{id}:cancel, :rerun or :purge",
            description = ":cancel is the same as DELETE /api/jobs/{id}; :rerun answers as a submit (202) with a new job;"
                    + " :purge erases a finished job now (204).")
    @Parameter(name = IDEMPOTENCY_KEY, in = ParameterIn.HEADER, description = ":rerun only: as for a submit")
    public Response act(@PathParam("idAndAction") String idAndAction, @Context HttpHeaders headers, @Context UriInfo uri) {
        int colon = idAndAction.lastIndexOf(':');
        var id = colon < 0 ? idAndAction : idAndAction.substring(0, colon);
        var action = colon < 0 ? "" : idAndAction.substring(colon + 1);
        return switch (action) {
            case "cancel" -> cancel(id, uri);
            case "rerun" -> rerun(id, headers, uri);
            case "purge" -> purge(id);
            default -> throw new ProblemException(Problem.Type.NOT_FOUND.with("No such action: "
                    + (action.isEmpty() ? "(none)" : action) + ". Jobs take POST /api/jobs/{id}:cancel, :rerun and :purge"));
        };
    }

    private Response rerun(String id, HttpHeaders headers, UriInfo uri) {
        var requester = callers.currentBlocking().mustCancel().requester();
        var root = urls.root(uri);
        var key = idempotencyKey(headers.getRequestHeaders().get(IDEMPOTENCY_KEY));
        var acceptance = parseId(id).flatMap(uuid -> jobs.rerun(uuid, key, root, requester))
                .orElseThrow(() -> notFound(id));
        return accepted(acceptance, acceptance.job(), false, uri);
    }

    private Response purge(String id) {
        var requester = callers.currentBlocking().mustCancel().requester();
        if (!parseId(id).map(uuid -> jobs.purge(uuid, requester)).orElse(false)) {
            throw notFound(id);
        }
        return Response.noContent().build();
    }

    /** The job, if the caller may read it; another caller's job is not found, so that its id is not confirmed. */
    private Job find(String id, Requester requester) {
        return parseId(id).flatMap(uuid -> jobs.find(uuid, requester)).orElseThrow(() -> notFound(id));
    }

    private JobMonitor monitor(Job job, UriInfo uri) {
        var resultLocation = job.status() == JobStatus.Succeeded ? urls.resolve(uri, jobs.resultUrl(job)) : null;
        return JobMonitor.of(job, resultLocation, jobs.callbackState(job));
    }

    /** The URL of an optional {@code "callback": {"url": "..."}}; what the URL may be, the job layer decides. */
    private static Optional<String> callbackUrl(JsonNode callback) {
        if (callback == null || callback.isNull()) {
            return Optional.empty();
        }
        if (!callback.isObject()) {
            throw invalid("The callback must be an object such as {\"url\": \"https://...\"}", "/callback", "must be an object");
        }
        onlyMembers(callback, "/callback", Set.of("url"), "callback");
        var url = callback.get("url");
        if (url == null || !url.isTextual()) {
            throw invalid("The callback has no URL", "/callback/url", "must be a string");
        }
        return Optional.of(url.asText());
    }

    /** The optional {@code "notBefore"}: an RFC 3339 instant at most {@code jobs.scheduling.max-delay} ahead; a past one means now. */
    private Optional<Instant> notBefore(JsonNode notBefore) {
        if (notBefore == null || notBefore.isNull()) {
            return Optional.empty();
        }
        Instant at;
        try {
            at = notBefore.isTextual() ? OffsetDateTime.parse(notBefore.asText()).toInstant() : null;
        } catch (DateTimeParseException e) {
            at = null;
        }
        if (at == null) {
            throw invalid("notBefore is not an instant", "/notBefore", "must be an RFC 3339 instant such as 2026-12-08T09:00:00Z");
        }
        var now = Instant.now();
        if (at.isAfter(now.plus(maxDelay))) {
            throw invalid("notBefore is too far ahead", "/notBefore", "must be at most "
                    + maxDelay.toString().substring(2).toLowerCase(Locale.ROOT) + " (jobs.scheduling.max-delay) ahead");
        }
        return Optional.of(at).filter(now::isBefore);
    }

    /** The optional {@code "tags": {"key": "value"}}, every one checked, each mistake at its own pointer. */
    private static Map<String, String> tags(JsonNode tags) {
        if (tags == null || tags.isNull()) {
            return Map.of();
        }
        if (!tags.isObject()) {
            throw invalid("The tags must be an object such as {\"project\": \"apollo\"}", "/tags", "must be an object of strings");
        }
        var errors = new ArrayList<FieldError>();
        if (tags.size() > JobTags.MAX_TAGS) {
            errors.add(new FieldError("/tags", "has " + tags.size() + " members; at most " + JobTags.MAX_TAGS));
        }
        var read = new LinkedHashMap<String, String>();
        tags.fields().forEachRemaining(tag -> {
            var pointer = "/tags/" + FieldError.token(tag.getKey());
            JobTags.keyProblem(tag.getKey()).ifPresent(problem -> errors.add(new FieldError(pointer, problem)));
            if (!tag.getValue().isTextual()) {
                errors.add(new FieldError(pointer, "must be a string"));
                return;
            }
            JobTags.valueProblem(tag.getValue().asText()).ifPresent(problem -> errors.add(new FieldError(pointer, problem)));
            read.put(tag.getKey(), tag.getValue().asText());
        });
        if (!errors.isEmpty()) {
            throw new ProblemException(Problem.Type.INVALID_REQUEST.with("The tags are not valid", errors));
        }
        return read;
    }

    /**
     * Refuses a member the object does not have (a misspelt {@code "calback"}, a field of a later version): dropped
     * without a word, a client would believe it asked for something it did not get.
     */
    private static void onlyMembers(JsonNode object, String pointer, Set<String> known, String what) {
        object.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name)) {
                throw invalid("The " + (pointer.isEmpty() ? "request" : what) + " has a member it does not know: " + name,
                        pointer + "/" + FieldError.token(name),
                        "is not a member of " + what + "; it has " + String.join(", ", known.stream().sorted().toList()) + " only");
            }
        });
    }

    /** application/json, in UTF-8: JSON has no other encoding (RFC 8259), so any other charset is refused, not guessed. */
    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        var parts = contentType.split(";");
        if (!parts[0].trim().equalsIgnoreCase(MediaType.APPLICATION_JSON)) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            var parameter = parts[i].split("=", 2);
            if (parameter[0].trim().equalsIgnoreCase("charset")
                    && (parameter.length < 2 || !parameter[1].trim().replace("\"", "").equalsIgnoreCase("utf-8"))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The request's Idempotency-Key, read as sent: a header that is present but empty is a client's mistake, not "no
     * key"; so are two.
     */
    private static Optional<String> idempotencyKey(List<String> headerValues) {
        return Optional.ofNullable(headerValues)
                .map(values -> values.size() == 1 ? values.get(0) : "")
                .map(JobResource::checkIdempotencyKey);
    }

    /** One header of 1 to 255 printable ASCII characters; two different keys on one request are a mistake, not a choice. */
    private static String checkIdempotencyKey(String key) {
        if (key.isBlank() || key.length() > 255 || !key.chars().allMatch(c -> c >= 0x20 && c <= 0x7e)) {
            throw new ProblemException(Problem.Type.INVALID_REQUEST.with(
                    "The request must have one Idempotency-Key header of 1 to 255 printable ASCII characters"));
        }
        return key;
    }

    private static ProblemException invalid(String detail, String pointer, String message) {
        return new ProblemException(Problem.Type.INVALID_REQUEST.with(detail, List.of(new FieldError(pointer, message))));
    }

    private static ProblemException notFound(String id) {
        return new ProblemException(Problem.Type.NOT_FOUND.with("There is no job with id " + id));
    }

    private static Optional<UUID> parseId(String id) {
        try {
            return Optional.of(UUID.fromString(id)).filter(uuid -> uuid.toString().equalsIgnoreCase(id));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String statusPath(Job job) {
        return monitorPath(job) + "/status";
    }

    private static String monitorPath(Job job) {
        return Job.monitorPath(job.id());
    }
}
