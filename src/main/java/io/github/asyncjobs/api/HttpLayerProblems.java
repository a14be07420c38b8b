package io.github.asyncjobs.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.HttpHeaders;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.asyncjobs.config.JobsConfig;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Problem documents for requests refused below the REST layer: a body declared larger than the limit (refused before a
 * byte of it is read, however large it claims to be) and a request target the router cannot decode ({@code %ZZ}).
 */
@ApplicationScoped
public class HttpLayerProblems {

    private final ObjectMapper mapper;
    private final int maxRequestBytes;

    public HttpLayerProblems(ObjectMapper mapper, JobsConfig config) {
        this.mapper = mapper;
        this.maxRequestBytes = config.api().maxRequestBytes();
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::declaredSize);
        router.errorHandler(400, context -> respond(context, Problem.Type.INVALID_REQUEST.with("The request is malformed")));
        router.errorHandler(413, context -> respond(context, Problem.Type.REQUEST_TOO_LARGE.with(tooLarge(maxRequestBytes))));
    }

    private void declaredSize(RoutingContext context) {
        var length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && length.chars().allMatch(Character::isDigit)
                && (length.length() >= 19 || Long.parseLong(length) > maxRequestBytes)) {
            respond(context, Problem.Type.REQUEST_TOO_LARGE.with(tooLarge(maxRequestBytes)));
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
