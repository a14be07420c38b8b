package io.github.asyncjobs.adapter.azure;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.vertx.VertxHttpClientBuilder;
import com.azure.core.tracing.opentelemetry.OpenTelemetryTracingOptions;
import com.azure.core.util.TracingOptions;
import com.azure.identity.DefaultAzureCredentialBuilder;

import io.github.asyncjobs.config.JobsConfig;
import io.opentelemetry.api.OpenTelemetry;
import io.quarkus.arc.DefaultBean;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.tracing.TracingPolicy;

/**
 * What every Azure adapter shares: the Entra ID credential, the HTTP client and the tracing options. Built only
 * when an adapter is configured, so the embedded default never touches Azure.
 */
@Singleton
public class AzureClients {

    /**
     * Managed identity in Azure ({@code AZURE_CLIENT_ID} selects a user-assigned one), developer credentials
     * locally. There is deliberately no account-key or connection-string alternative.
     */
    @Produces
    @Singleton
    @DefaultBean
    TokenCredential credential(HttpClient httpClient) {
        // The shared client: left alone, the credential looks one up with a service loader, which native images lack.
        return new DefaultAzureCredentialBuilder().httpClient(httpClient).build();
    }

    /** The SDKs' spans (Service Bus send, settle; Blob calls) go to Quarkus's OpenTelemetry SDK, in the job's trace. */
    @Produces
    @Singleton
    TracingOptions tracing(OpenTelemetry openTelemetry) {
        return new OpenTelemetryTracingOptions().setOpenTelemetry(openTelemetry);
    }

    /**
     * The SDKs' HTTP client on Quarkus's own Vert.x, instead of a second Netty stack. Vert.x does not trace its
     * requests: the SDK's own HTTP spans (with service request ids) are already in the trace.
     */
    @Produces
    @Singleton
    HttpClient httpClient(Vertx vertx, JobsConfig config) {
        return new VertxHttpClientBuilder().vertx(vertx)
                .httpClientOptions(new HttpClientOptions().setTracingPolicy(TracingPolicy.IGNORE)
                        .setMaxPoolSize(config.azure().httpPoolSize()))
                .build();
    }
}
