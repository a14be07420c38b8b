package io.github.asyncjobs.testing.azure;

import java.io.FileInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** A plain HTTP client, as a user's, that trusts Azurite's certificate and nothing of the service. */
public final class HttpsDownloads {

    private HttpsDownloads() {
    }

    public static HttpResponse<String> get(String url) {
        try {
            var trust = KeyStore.getInstance("PKCS12");
            try (var in = new FileInputStream(Azurite.certificate().toFile())) {
                trust.load(in, Azurite.STORE_PASSWORD.toCharArray());
            }
            var factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            var tls = SSLContext.getInstance("TLS");
            tls.init(null, factory.getTrustManagers(), null);
            var client = HttpClient.newBuilder().sslContext(tls).build();
            return client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
