package io.github.asyncjobs.testing.azure;

import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.asyncjobs.testing.rbac.AccessControl;
import io.github.asyncjobs.testing.rbac.Right;
import io.github.asyncjobs.testing.rbac.Target;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PfxOptions;

/**
 * Blob Storage's role checks, in front of Azurite (which checks a token's claims but not its roles): an HTTPS endpoint
 * that reads the {@code oid} of each request's Entra ID token, finds the right the operation needs and the container
 * or account it acts on, and refuses as Azure does ({@code 403 AuthorizationPermissionMismatch}, Azure's XML body)
 * unless {@link AccessControl} finds a role for it; otherwise it passes the request on to Azurite unchanged. Requests
 * signed with a SAS are judged by the SAS (Azurite checks it), as in Azure; requests without a token are left to
 * Azurite to refuse. Get User Delegation Key acts on the account, so only a role assigned at the account allows it.
 */
public final class RoleCheckingBlobFront implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Connection-level headers that belong to one hop, not to the request. */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade");

    private final Vertx vertx = Vertx.vertx();
    private final AccessControl access;
    private final int azuritePort;
    private final HttpClient azurite;
    private final HttpServer server;

    private RoleCheckingBlobFront(Azurite azurite, AccessControl access) {
        this.access = access;
        this.azuritePort = azurite.port();
        this.azurite = vertx.createHttpClient(new HttpClientOptions().setSsl(true).setTrustAll(true).setVerifyHost(false)
                .setMaxPoolSize(64).setKeepAlive(true));
        this.server = vertx.createHttpServer(new HttpServerOptions().setSsl(true).setHost("127.0.0.1").setPort(0)
                .setKeyCertOptions(new PfxOptions().setPath(Azurite.certificate().toString()).setPassword(Azurite.STORE_PASSWORD)));
        server.requestHandler(this::handle);
        try {
            server.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot start the Blob Storage front", e);
        }
    }

    /** Starts the front on a free loopback port, with Azurite's certificate, enforcing {@code access}. */
    public static RoleCheckingBlobFront start(Azurite azurite, AccessControl access) {
        return new RoleCheckingBlobFront(azurite, access);
    }

    /** The blob endpoint to give the service: this front's, for Azurite's account. */
    public String endpoint() {
        return "https://127.0.0.1:" + server.actualPort() + "/" + Azurite.ACCOUNT;
    }

    private void handle(HttpServerRequest request) {
        request.pause();
        var refusal = objectId(request).flatMap(oid -> {
            var operation = Operation.of(request);
            return access.check(oid, operation.right(), operation.target());
        });
        if (refusal.isPresent()) {
            refuse(request, refusal.get());
        } else {
            forward(request);
        }
    }

    /** The {@code oid} of the request's bearer token; empty for SAS requests and requests without a token. */
    private static Optional<String> objectId(HttpServerRequest request) {
        var authorization = request.getHeader("Authorization");
        if (request.getParam("sig") != null || authorization == null || !authorization.startsWith("Bearer ")) {
            return Optional.empty();
        }
        try {
            var payload = authorization.substring("Bearer ".length()).split("\\.")[1];
            return Optional.of(JSON.readTree(Base64.getUrlDecoder().decode(payload)).path("oid").asText());
        } catch (Exception e) {
            return Optional.empty(); // not a JWT: Azurite refuses it
        }
    }

    private static void refuse(HttpServerRequest request, String why) {
        var requestId = UUID.randomUUID().toString();
        var body = "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>AuthorizationPermissionMismatch</Code><Message>This request"
                + " is not authorized to perform this operation using this permission.\nRequestId:" + requestId + "\nTime:"
                + java.time.Instant.now() + "</Message></Error>";
        System.getLogger(RoleCheckingBlobFront.class.getName()).log(System.Logger.Level.INFO,
                "Refused " + request.method() + " " + request.path() + ": " + why);
        request.resume();
        request.response().setStatusCode(403).setStatusMessage("This request is not authorized to perform this operation using this permission.")
                .putHeader("Content-Type", "application/xml").putHeader("x-ms-error-code", "AuthorizationPermissionMismatch")
                .putHeader("x-ms-request-id", requestId).end(body);
    }

    private void forward(HttpServerRequest request) {
        var options = new RequestOptions().setMethod(request.method()).setHost("127.0.0.1").setPort(azuritePort)
                .setURI(request.uri());
        request.headers().forEach((name, value) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase())) {
                options.addHeader(name, value);
            }
        });
        azurite.request(options)
                .compose(outgoing -> outgoing.send(request))
                .onSuccess(answer -> {
                    var response = request.response().setStatusCode(answer.statusCode()).setStatusMessage(answer.statusMessage());
                    answer.headers().forEach((name, value) -> {
                        if (!HOP_BY_HOP.contains(name.toLowerCase())) {
                            response.headers().add(name, value);
                        }
                    });
                    if (!response.headers().contains("Content-Length") && request.method() != HttpMethod.HEAD) {
                        response.setChunked(true);
                    }
                    answer.pipeTo(response);
                })
                // Azurite is down: the client's connection is closed, as an unreachable service would leave it.
                .onFailure(e -> request.connection().close());
    }

    @Override
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            // going away anyway
        }
    }

    /** The right a Blob REST operation needs, and what it acts on (Azure's docs, "Authorization" of each operation). */
    record Operation(Right right, Target target) {

        static Operation of(HttpServerRequest request) {
            var segments = request.path().replaceAll("^/+|/+$", "").split("/", 3);
            var comp = String.valueOf(request.getParam("comp"));
            var method = request.method();
            boolean reads = method == HttpMethod.GET || method == HttpMethod.HEAD;
            if (segments.length < 2) {
                // The account's blob service: user delegation keys, listing containers, service properties.
                return new Operation(comp.equals("userdelegationkey") ? Right.DELEGATION_KEY : Right.CONTAINER_READ,
                        Target.storageAccount());
            }
            var container = Target.container(segments[1]);
            if (comp.equals("tags") || comp.equals("blobs") || request.getHeader("x-ms-tags") != null) {
                return new Operation(Right.BLOB_TAGS, container);
            }
            if (segments.length == 2 && "container".equals(request.getParam("restype"))) {
                return new Operation(comp.equals("list") ? Right.BLOB_READ : reads ? Right.CONTAINER_READ : Right.CONTAINER_WRITE, container);
            }
            return new Operation(reads ? Right.BLOB_READ : method == HttpMethod.DELETE ? Right.BLOB_DELETE : Right.BLOB_WRITE, container);
        }
    }
}
