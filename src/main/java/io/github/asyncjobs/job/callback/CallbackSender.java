package io.github.asyncjobs.job.callback;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.cloudevents.jackson.JsonFormat;
import io.github.asyncjobs.config.CallbacksConfig;

/**
 * POSTs one notification as the CloudEvents HTTP webhook binding's structured mode: the event as the body, of type
 * {@code application/cloudevents+json}. The JDK client, pooled; redirects are never followed (a 3xx is an answer like
 * any other, and following one could lead past the address checks); the whole exchange has {@code attempt-timeout}.
 */
final class CallbackSender {

    /** What the receiver answered: its status and its {@code Retry-After}, if any. */
    record Answer(int status, Optional<String> retryAfter) {
    }

    private final HttpClient client;
    private final Duration timeout;
    private final Optional<WebhookSignature> signature;

    CallbackSender(CallbacksConfig config) {
        this.timeout = config.attemptTimeout();
        this.signature = config.signingSecret().map(WebhookSignature::new);
        this.client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .build();
    }

    /**
     * @throws TimeoutException when there was no complete answer within the attempt timeout
     * @throws IOException when the receiver could not be reached or broke off
     */
    Answer send(URI url, String eventId, byte[] event) throws IOException, TimeoutException, InterruptedException {
        var request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", JsonFormat.CONTENT_TYPE)
                .header("User-Agent", "async-jobs")
                .POST(HttpRequest.BodyPublishers.ofByteArray(event));
        signature.ifPresent(signer -> signer.headers(eventId, Instant.now(), event).forEach(request::header));
        var exchange = client.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding());
        try {
            var response = exchange.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new Answer(response.statusCode(), response.headers().firstValue("Retry-After"));
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof HttpTimeoutException) {
                throw new TimeoutException("no answer within " + timeout);
            }
            throw e.getCause() instanceof IOException failure ? failure : new IOException(e.getCause());
        }
    }
}
