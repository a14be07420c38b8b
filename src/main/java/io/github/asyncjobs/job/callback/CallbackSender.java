package io.github.asyncjobs.job.callback;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import io.cloudevents.jackson.JsonFormat;
import io.github.asyncjobs.config.CallbacksConfig;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;

/**
 * POSTs one notification as the CloudEvents HTTP webhook binding's structured mode: the event as the body, of type
 * {@code application/cloudevents+json}. Vert.x's client, pooled, because it connects to a given address while it
 * speaks to the URL's host (Host header, TLS server name and certificate check): the address {@link CallbackTargets}
 * checked, so that the name is not looked up a second time between check and connect (DNS rebinding). Redirects are
 * never followed (a 3xx is an answer like any other, and following one could lead past the address checks); the whole
 * exchange has {@code attempt-timeout}.
 */
final class CallbackSender {

    /** What the receiver answered: its status and its {@code Retry-After}, if any. */
    record Answer(int status, Optional<String> retryAfter) {
    }

    private final HttpClient client;
    private final Duration timeout;

    CallbackSender(CallbacksConfig config, Vertx vertx) {
        this.timeout = config.attemptTimeout();
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setProtocolVersion(HttpVersion.HTTP_1_1)
                .setConnectTimeout((int) timeout.toMillis())
                .setVerifyHost(true));
    }

    /**
     * @param address what the URL's host resolved to when it was checked: connected to as it is
     * @param secret what the event is signed with, if notifications are signed
     * @throws TimeoutException when there was no complete answer within the attempt timeout
     * @throws IOException when the receiver could not be reached or broke off
     */
    Answer send(URI url, InetAddress address, Optional<String> secret, String eventId, byte[] event) throws IOException, TimeoutException, InterruptedException {
        var https = url.getScheme().equalsIgnoreCase("https");
        int port = url.getPort() != -1 ? url.getPort() : https ? 443 : 80;
        var options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setServer(SocketAddress.inetSocketAddress(new InetSocketAddress(address, port)))
                .setHost(url.getHost())
                .setPort(port)
                .setSsl(https)
                .setURI(target(url))
                .setFollowRedirects(false)
                .putHeader("Content-Type", JsonFormat.CONTENT_TYPE)
                .putHeader("User-Agent", "async-jobs");
        secret.map(WebhookSignature::new)
                .ifPresent(signer -> signer.headers(eventId, Instant.now(), event).forEach(options::putHeader));
        var sent = new AtomicReference<HttpClientRequest>();
        var exchange = client.request(options)
                .compose(request -> {
                    sent.set(request);
                    return request.send(Buffer.buffer(event));
                })
                .compose(response -> {
                    response.handler(ignored -> {
                        // the receiver's body is not needed (nor logged): dropped as it arrives
                    });
                    return response.end().map(done -> new Answer(response.statusCode(),
                            Optional.ofNullable(response.getHeader("Retry-After"))));
                })
                .toCompletionStage().toCompletableFuture();
        try {
            return exchange.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            var request = sent.get();
            if (request != null) {
                request.reset();
            }
            throw e;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException failure ? failure : new IOException(e.getCause());
        }
    }

    /** The request target: the URL's path and query, as written. */
    private static String target(URI url) {
        var path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        return url.getRawQuery() == null ? path : path + "?" + url.getRawQuery();
    }
}
