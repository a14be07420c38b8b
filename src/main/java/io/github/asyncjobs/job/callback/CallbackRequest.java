package io.github.asyncjobs.job.callback;

/**
 * The {@code callback} of a request, unchecked: {@link CallbackTargets#accept} makes it a {@link Callback} or refuses it.
 *
 * @param baseUrl the public base URL the request came in under, without a trailing slash
 */
public record CallbackRequest(String url, String baseUrl) {
}
