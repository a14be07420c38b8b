package io.github.asyncjobs.testing.servicebus;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.engine.Connection;
import org.apache.qpid.proton.message.Message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.asyncjobs.testing.rbac.AccessControl;
import io.github.asyncjobs.testing.rbac.Right;
import io.github.asyncjobs.testing.rbac.Target;

/**
 * Claims-based security as Service Bus does it: a client puts a token on {@code $cbs} for an entity before it uses
 * it, and each link and management operation then needs the right its token carries for that entity. An Entra ID
 * token (JWT, audience Service Bus) carries the roles of its {@code oid} ({@link AccessControl}); a shared access
 * signature carries the rights of its policy (by key name; the emulator's connection string names a policy with all
 * three, as the emulator's RootManageSharedAccessKey). Refusals are Service Bus's: {@code amqp:unauthorized-access}
 * naming the claim and the resource. Signatures are not checked. Reactor thread only.
 */
final class ClaimsBasedSecurity {

    static final Symbol UNAUTHORIZED = Symbol.valueOf("amqp:unauthorized-access");
    private static final Set<String> SERVICE_BUS_AUDIENCES = Set.of("https://servicebus.azure.net", "https://servicebus.azure.net/");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a put-token granted on one entity path of one connection. */
    private record Grant(String objectId, Set<Right> sasRights, long expiresAtMillis) {
    }

    private final String namespace;
    private final AccessControl access;
    private final Map<String, Set<Right>> sasPolicies = new HashMap<>();
    private final Map<Connection, Map<String, Grant>> grants = new HashMap<>();

    /** @param access the roles of Entra ID identities; null when tokens of no identity carry any */
    ClaimsBasedSecurity(String namespace, AccessControl access) {
        this.namespace = namespace;
        this.access = access;
        sasPolicies.put("test", EnumSet.of(Right.MANAGE, Right.SEND, Right.LISTEN));
    }

    void sasPolicy(String keyName, Set<Right> rights) {
        sasPolicies.put(keyName, Set.copyOf(rights));
    }

    /** A put-token request on $cbs: 202 when the token is one Service Bus would take, 401 otherwise. */
    Message putToken(Connection connection, Message request) {
        var properties = request.getApplicationProperties() == null ? Map.<String, Object>of() : request.getApplicationProperties().getValue();
        var token = request.getBody() instanceof AmqpValue value ? String.valueOf(value.getValue()) : "";
        var path = entityPath(String.valueOf(properties.get("name")));
        Grant grant;
        try {
            grant = String.valueOf(properties.get("type")).endsWith("sastoken") ? sasGrant(token) : jwtGrant(token);
        } catch (IllegalArgumentException e) {
            return Replies.error(request, 401, UNAUTHORIZED, e.getMessage());
        }
        grants.computeIfAbsent(connection, c -> new HashMap<>()).put(path, grant);
        return Replies.response(request, 202, null);
    }

    /** Null when the connection's token for {@code entityPath} carries {@code right}, else the refusal. */
    ErrorCondition authorize(Connection connection, String entityPath, Right right) {
        var path = normalize(entityPath);
        var grant = grantFor(connection, path);
        String refusal;
        if (grant == null || grant.expiresAtMillis() < System.currentTimeMillis()) {
            refusal = "no valid token was put for this entity";
        } else if (grant.objectId() == null) {
            refusal = grant.sasRights().contains(right) ? null : "the shared access policy lacks it";
        } else {
            refusal = access == null ? "no role is assigned to any identity"
                    : access.check(grant.objectId(), right, Target.queue(queueOf(path))).orElse(null);
        }
        if (refusal == null) {
            return null;
        }
        return new ErrorCondition(UNAUTHORIZED, "Unauthorized access. '" + right.azureName() + "' claim(s) are required to perform"
                + " this operation. Resource: 'sb://" + namespace + "/" + path + "'. TrackingId:" + UUID.randomUUID()
                + ", SystemTracker:" + namespace + ":Queue:" + queueOf(path) + ", Timestamp:" + Instant.now()
                + " (test broker: " + refusal + ")");
    }

    void forget(Connection connection) {
        grants.remove(connection);
    }

    /** The token whose entity path is the longest one containing {@code path}. */
    private Grant grantFor(Connection connection, String path) {
        Grant best = null;
        int bestLength = -1;
        for (var entry : grants.getOrDefault(connection, Map.of()).entrySet()) {
            var granted = entry.getKey();
            boolean covers = granted.isEmpty() || path.equals(granted) || path.startsWith(granted + "/");
            if (covers && granted.length() > bestLength) {
                best = entry.getValue();
                bestLength = granted.length();
            }
        }
        return best;
    }

    private static Grant jwtGrant(String token) {
        var parts = token.split("\\.");
        JsonNode claims;
        try {
            claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        } catch (Exception e) {
            throw new IllegalArgumentException("InvalidToken: the token is not a JWT");
        }
        if (!SERVICE_BUS_AUDIENCES.contains(claims.path("aud").asText())) {
            throw new IllegalArgumentException("InvalidAudience: the token's audience " + claims.path("aud").asText()
                    + " is not https://servicebus.azure.net");
        }
        long expires = claims.path("exp").asLong() * 1000;
        if (expires < System.currentTimeMillis() || claims.path("oid").asText().isEmpty()) {
            throw new IllegalArgumentException("ExpiredToken or no oid: the token is not valid");
        }
        return new Grant(claims.path("oid").asText(), null, expires);
    }

    private Grant sasGrant(String token) {
        var fields = new HashMap<String, String>();
        for (var pair : token.replaceFirst("^SharedAccessSignature ", "").split("&")) {
            var keyValue = pair.split("=", 2);
            if (keyValue.length == 2) {
                fields.put(keyValue[0], URLDecoder.decode(keyValue[1], StandardCharsets.UTF_8));
            }
        }
        var rights = sasPolicies.get(fields.get("skn"));
        if (rights == null || !fields.containsKey("se")) {
            throw new IllegalArgumentException("InvalidSignature: no shared access policy named " + fields.get("skn"));
        }
        return new Grant(null, rights, Long.parseLong(fields.get("se")) * 1000);
    }

    /** The entity path a put-token names (amqp://host/queue/$deadletterqueue), lower case, without slashes at either end. */
    private static String entityPath(String name) {
        try {
            return normalize(URI.create(name).getPath());
        } catch (IllegalArgumentException e) {
            return normalize(name);
        }
    }

    private static String normalize(String path) {
        return path == null ? "" : path.toLowerCase().replaceAll("^/+|/+$", "");
    }

    /** The queue an entity path belongs to: its dead-letter queue and management node are the queue's. */
    private static String queueOf(String path) {
        var slash = path.indexOf('/');
        return slash < 0 ? path : path.substring(0, slash);
    }
}
