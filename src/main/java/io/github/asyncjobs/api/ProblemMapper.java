package io.github.asyncjobs.api;

import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.github.asyncjobs.config.JobsConfig;
import io.github.asyncjobs.job.JobsUnavailableException;
import io.github.asyncjobs.job.intake.IdempotencyConflictException;
import io.github.asyncjobs.job.intake.LimitExceededException;
import io.github.asyncjobs.job.queue.QueueRefusedException;
import io.github.asyncjobs.job.service.JobStateConflictException;
import io.github.asyncjobs.job.spi.InvalidJobException;
import io.opentelemetry.api.trace.Span;
import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationFailedException;

/** Turns every failure into an RFC 9457 problem response; clients never see a stack trace. */
public class ProblemMapper {

    static final String SEND_JSON = "Send the request body as application/json, in UTF-8";

    private final JobsConfig config;

    public ProblemMapper(JobsConfig config) {
        this.config = config;
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return respond(e.problem());
    }

    @ServerExceptionMapper
    public Response invalidJob(InvalidJobException e) {
        return respond(Problem.Type.INVALID_REQUEST.with(e.getMessage(), e.errors()));
    }

    @ServerExceptionMapper
    public Response idempotencyConflict(IdempotencyConflictException e) {
        if (e.inProgress()) {
            return Response.fromResponse(respond(Problem.Type.REQUEST_IN_PROGRESS.with(e.getMessage())))
                    .header(HttpHeaders.RETRY_AFTER, RetryAfter.seconds(config.api().retryAfter())).build();
        }
        return respond(Problem.Type.IDEMPOTENCY_KEY_REUSED.with(e.getMessage()));
    }

    /** No token, or one that names nobody (RFC 6750: a challenge without an error code). */
    @ServerExceptionMapper
    public Response notAuthenticated(Callers.NotAuthenticatedException e) {
        return challenge("Bearer", "Send an access token for this API from Microsoft Entra ID: Authorization: Bearer <token>");
    }

    /** A token quarkus-oidc refused: bad signature, another issuer or audience, expired. Why is logged, not told. */
    @ServerExceptionMapper
    public Response invalidToken(AuthenticationFailedException e) {
        Log.debugf("Refused a bearer token: %s", e.getMessage());
        return challenge("Bearer error=\"invalid_token\"",
                "The bearer token is not valid for this API: it may be expired, or issued by another issuer or for another audience");
    }

    /** A caller's limit (jobs.limits): the detail names it, Retry-After says when to ask again. */
    @ServerExceptionMapper
    public Response limitExceeded(LimitExceededException e) {
        var type = e.limit() == LimitExceededException.Limit.RATE ? Problem.Type.RATE_LIMITED : Problem.Type.QUOTA_EXCEEDED;
        return Response.fromResponse(respond(type.with(e.getMessage() + ". Nothing was kept; retry after the time in Retry-After.")))
                .header(HttpHeaders.RETRY_AFTER, RetryAfter.seconds(e.retryAfter())).build();
    }

    @ServerExceptionMapper
    public Response stateConflict(JobStateConflictException e) {
        return respond(Problem.Type.JOB_STATE_CONFLICT.with(e.getMessage()));
    }

    @ServerExceptionMapper
    public Response unavailable(JobsUnavailableException e) {
        Log.warnf("Answering 503: %s%s", e.getMessage(), causes(e));
        return Response.fromResponse(respond(Problem.Type.SERVICE_UNAVAILABLE.with(
                e.getMessage() + ". Nothing was changed; retry after the time in Retry-After.")))
                .header(HttpHeaders.RETRY_AFTER, RetryAfter.seconds(config.api().retryAfter())).build();
    }

    /** Too large for the queue: the client can send less. Refused for another lasting reason: a deployment error. */
    @ServerExceptionMapper
    public Response queueRefused(QueueRefusedException e) {
        if (e.tooLarge()) {
            return respond(Problem.Type.REQUEST_TOO_LARGE.with(e.getMessage() + ". Nothing was kept."));
        }
        Log.errorf("The queue refused a job for good (check the service's rights on the queue): %s%s", e.getMessage(), causes(e));
        return respond(Problem.Type.INTERNAL_ERROR.with(e.getMessage() + "; nothing was kept. The failure was logged"));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        var type = e instanceof NotFoundException ? Problem.Type.NOT_FOUND
                : e instanceof NotAllowedException ? Problem.Type.METHOD_NOT_ALLOWED
                : e instanceof NotSupportedException ? Problem.Type.UNSUPPORTED_MEDIA_TYPE
                : e instanceof NotAcceptableException ? Problem.Type.NOT_ACCEPTABLE
                : null;
        if (type == null) {
            var status = e.getResponse().getStatus();
            var problem = new Problem(null, Response.Status.fromStatusCode(status) == null ? "Error"
                    : Response.Status.fromStatusCode(status).getReasonPhrase(), status, e.getMessage(), null);
            return respond(problem);
        }
        var detail = type == Problem.Type.UNSUPPORTED_MEDIA_TYPE ? SEND_JSON : e.getMessage();
        return respond(type.with(detail));
    }

    private static Response challenge(String challenge, String detail) {
        return Response.fromResponse(respond(Problem.Type.UNAUTHORIZED.with(detail)))
                .header(HttpHeaders.WWW_AUTHENTICATE, challenge).build();
    }

    @ServerExceptionMapper(priority = 10_000)
    public Response unexpected(Throwable e) {
        Log.error("Unexpected failure", e);
        return respond(Problem.Type.INTERNAL_ERROR.with("The service failed unexpectedly; the failure was logged"));
    }

    /**
     * A server-side problem carries the request's trace id, which every log line about it carries too: the client
     * quotes it, the operator finds the details.
     */
    static Response respond(Problem problem) {
        var span = Span.current().getSpanContext();
        var body = problem.status() >= 500 && span.isValid() ? problem.withTraceId(span.getTraceId()) : problem;
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(body).build();
    }

    /** The chain of causes' messages, for the log only: they may name hosts, paths and SDK internals. */
    private static String causes(Throwable e) {
        var text = new StringBuilder();
        for (var cause = e.getCause(); cause != null; cause = cause.getCause()) {
            text.append(": ").append(cause.getMessage());
        }
        return text.toString();
    }
}
