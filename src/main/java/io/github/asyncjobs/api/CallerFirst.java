package io.github.asyncjobs.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.ws.rs.NameBinding;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.smallrye.mutiny.Uni;

/**
 * Checks the caller's token before a request's body is read (request filters run before the body is, as JAX-RS lets a
 * filter replace it): without a valid token, a client that announces a large body is answered {@code 401} at once, and
 * the service neither waits for nor buffers what it sends. What the caller may do is checked by each endpoint.
 */
public class CallerFirst {

    /** The endpoints that take a body, whose caller is known before it is read (endpoints without one need no filter). */
    @NameBinding
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.TYPE, ElementType.METHOD})
    public @interface Required {
    }

    private final Callers callers;

    public CallerFirst(Callers callers) {
        this.callers = callers;
    }

    /** Fails as {@link Callers#current()} does (answered 401 by {@link ProblemMapper}); on an open service, passes. */
    @Required
    @ServerRequestFilter
    public Uni<Void> authenticate() {
        return callers.current().replaceWithVoid();
    }
}
