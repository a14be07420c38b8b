package io.github.asyncjobs.api;

import java.util.Arrays;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.HttpHeaders;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.asyncjobs.config.JobsConfig;
import io.vertx.core.VertxException;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Problem documents for requests refused below the REST layer: a body declared larger than the limit (refused before a
 * byte of it is read, however large it claims to be), a {@code Host} or {@code X-Forwarded-Host} that is no host
 * (before anything parses it: Quarkus would guess a port and log the client's mistake as an error), and a request
 * target the router cannot decode ({@code %ZZ}).
 */
@ApplicationScoped
public class HttpLayerProblems {

    /** RFC 3986's host (a name or IPv4 address, or an IPv6 address in brackets) and an optional port from 1 to 65535. */
    private static final Pattern HOST = Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9._~-]+)"
            + "(:([1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5]))?");

    private static final String NOT_A_HOST = "The request's Host or X-Forwarded-Host header is not a host with an"
            + " optional port (1-65535)";

    private final ObjectMapper mapper;
    private final int maxRequestBytes;

    public HttpLayerProblems(ObjectMapper mapper, JobsConfig config) {
        this.mapper = mapper;
        this.maxRequestBytes = config.api().maxRequestBytes();
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::firstLook);
        router.route().order(Integer.MIN_VALUE).failureHandler(this::unparsableHost);
        router.errorHandler(400, context -> respond(context, Problem.Type.INVALID_REQUEST.with("The request is malformed")));
        router.errorHandler(413, context -> respond(context, Problem.Type.REQUEST_TOO_LARGE.with(tooLarge(maxRequestBytes))));
    }

    /** What can be refused from the request's head alone. */
    private void firstLook(RoutingContext context) {
        var headers = context.request().headers();
        var length = headers.get(HttpHeaders.CONTENT_LENGTH);
        var host = headers.get(HttpHeaders.HOST);
        var forwarded = headers.getAll("X-Forwarded-Host").stream().flatMap(value -> Arrays.stream(value.split(",")))
                .map(String::trim);
        if (length != null && length.chars().allMatch(Character::isDigit)
                && (length.length() >= 19 || Long.parseLong(length) > maxRequestBytes)) {
            respond(context, Problem.Type.REQUEST_TOO_LARGE.with(tooLarge(maxRequestBytes)));
        } else if (host != null && !HOST.matcher(host).matches() || forwarded.anyMatch(value -> !HOST.matcher(value).matches())) {
            respond(context, Problem.Type.INVALID_REQUEST.with(NOT_A_HOST));
        } else {
            context.next();
        }
    }

    /** Vert.x refuses a Host it cannot parse before any handler runs, and Quarkus would answer it as a server error. */
    private void unparsableHost(RoutingContext context) {
        if (context.failure() instanceof VertxException failure && String.valueOf(failure.getMessage()).contains("'Host' header")) {
            respond(context, Problem.Type.INVALID_REQUEST.with(NOT_A_HOST));
        } else {
            context.next();
        }
    }

    private void respond(RoutingContext context, Problem problem) {
        if (context.response().headWritten()) {
            return;
        }
        try {
            context.response().setStatusCode(problem.status()).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .putHeader("Connection", "close").end(mapper.writeValueAsString(problem));
        } catch (JsonProcessingException e) {
            context.response().setStatusCode(problem.status()).end();
        }
    }

    static String tooLarge(int limit) {
        return "The request body is larger than " + limit + " bytes";
    }
}
