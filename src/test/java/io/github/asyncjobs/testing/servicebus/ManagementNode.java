package io.github.asyncjobs.testing.servicebus;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Consumer;

import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.Modified;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.engine.Connection;
import org.apache.qpid.proton.message.Message;

import io.github.asyncjobs.testing.rbac.Right;

/**
 * The $management node of one entity: renew-lock, renew-session-lock, peek-message, update-disposition,
 * schedule-message and cancel-scheduled-message (on a queue, not its dead-letter queue), each only with the right
 * Service Bus asks for (Listen; Send to schedule or cancel; anything else Manage). Reactor thread only.
 */
final class ManagementNode {

    private final Entity entity;
    /** The queue whose node this is, for scheduling; null for a dead-letter queue's. */
    private final Queue queue;
    private final Consumer<String> requestCounter;
    /** Null when the connection's token carries the right for this entity, else the refusal. */
    private final BiFunction<Connection, Right, ErrorCondition> authorization;

    ManagementNode(Entity entity, Queue queue, Consumer<String> requestCounter,
            BiFunction<Connection, Right, ErrorCondition> authorization) {
        this.entity = entity;
        this.queue = queue;
        this.requestCounter = requestCounter;
        this.authorization = authorization;
    }

    Message respond(Connection connection, Message request) {
        var properties = request.getApplicationProperties() == null
                ? Map.<String, Object>of() : request.getApplicationProperties().getValue();
        var operation = String.valueOf(properties.get("operation"));
        requestCounter.accept(operation);
        var refusal = authorization.apply(connection, rightFor(operation));
        if (refusal != null) {
            return Replies.error(request, 401, refusal.getCondition(), refusal.getDescription());
        }
        Map<?, ?> body = request.getBody() instanceof AmqpValue value && value.getValue() instanceof Map<?, ?> map
                ? map : Map.of();
        return switch (operation) {
            case "com.microsoft:renew-lock" -> renewLock(request, body);
            case "com.microsoft:renew-session-lock" -> renewSessionLock(request, body);
            case "com.microsoft:peek-message" -> peek(request, body);
            case "com.microsoft:update-disposition" -> updateDisposition(request, body);
            case "com.microsoft:schedule-message" -> schedule(request, body);
            case "com.microsoft:cancel-scheduled-message" -> cancelScheduled(request, body);
            default -> Replies.error(request, 501, Symbol.valueOf("amqp:not-implemented"),
                    "The test broker does not implement " + operation);
        };
    }

    private static Right rightFor(String operation) {
        return switch (operation) {
            case "com.microsoft:renew-lock", "com.microsoft:peek-message", "com.microsoft:update-disposition",
                    "com.microsoft:receive-by-sequence-number", "com.microsoft:renew-session-lock",
                    "com.microsoft:get-session-state", "com.microsoft:set-session-state" -> Right.LISTEN;
            case "com.microsoft:schedule-message", "com.microsoft:cancel-scheduled-message" -> Right.SEND;
            default -> Right.MANAGE;
        };
    }

    private Message renewLock(Message request, Map<?, ?> body) {
        var expirations = new ArrayList<Date>();
        for (var lockToken : lockTokens(body)) {
            var lockedUntil = entity.renewLock(lockToken);
            if (lockedUntil == null) {
                return lockLost(request);
            }
            expirations.add(lockedUntil);
        }
        return Replies.response(request, 200, Map.of("expirations", expirations.toArray(new Date[0])));
    }

    private Message renewSessionLock(Message request, Map<?, ?> body) {
        var expiration = entity.renewSessionLock(String.valueOf(body.get("session-id")));
        return expiration == null
                ? Replies.error(request, 410, SessionLocks.SESSION_LOCK_LOST, "The session lock has expired on the MessageSession.")
                : Replies.response(request, 200, Map.of("expiration", expiration));
    }

    private Message peek(Message request, Map<?, ?> body) {
        long from = ((Number) body.get("from-sequence-number")).longValue();
        int count = ((Number) body.get("message-count")).intValue();
        var peeked = new ArrayList<Map<String, Object>>();
        for (var message : entity.peek(from, count)) {
            peeked.add(Map.of("message", new Binary(AmqpCodec.encode(message.toAmqp(false)))));
        }
        return peeked.isEmpty()
                ? Replies.response(request, 204, null)
                : Replies.response(request, 200, Map.of("messages", peeked));
    }

    /** Each message (encoded in the request, with its scheduled enqueue time) is scheduled; their sequence numbers. */
    private Message schedule(Message request, Map<?, ?> body) {
        if (queue == null) {
            return Replies.error(request, 400, Symbol.valueOf("amqp:not-allowed"), "A dead-letter queue takes no messages.");
        }
        var messages = new ArrayList<Message>();
        if (body.get("messages") instanceof Iterable<?> entries) {
            for (var entry : entries) {
                var binary = (Binary) ((Map<?, ?>) entry).get("message");
                var bytes = Arrays.copyOfRange(binary.getArray(), binary.getArrayOffset(), binary.getArrayOffset() + binary.getLength());
                messages.add(AmqpCodec.decodeTransfer(bytes, 0).get(0));
            }
        }
        var refusal = queue.refusal(messages);
        if (refusal != null) {
            return Replies.error(request, 400, Symbol.valueOf("amqp:not-allowed"), refusal);
        }
        // Boxed: Proton encodes an array of longs from Long[] (the client decodes it as long[]).
        return Replies.response(request, 200, Map.of("sequence-numbers", messages.stream().map(queue::enqueue).toArray(Long[]::new)));
    }

    /** Drops the scheduled messages named; any not (or no longer) scheduled is missing, as Service Bus says. */
    private Message cancelScheduled(Message request, Map<?, ?> body) {
        var missing = new ArrayList<Long>();
        for (long number : sequenceNumbers(body.get("sequence-numbers"))) {
            if (queue == null || !queue.cancelScheduled(number)) {
                missing.add(number);
            }
        }
        return missing.isEmpty() ? Replies.response(request, 200, new HashMap<>())
                : Replies.error(request, 404, Symbol.valueOf("com.microsoft:message-not-found"),
                        "Messages not found. Missing sequence numbers: " + String.join(", ", missing.stream().map(String::valueOf).toList()));
    }

    /** The SDK sends them as an array of longs, which arrives as long[] or as boxed values. */
    private static long[] sequenceNumbers(Object value) {
        if (value instanceof long[] numbers) {
            return numbers;
        }
        if (value instanceof Object[] boxed) {
            return Arrays.stream(boxed).mapToLong(number -> ((Number) number).longValue()).toArray();
        }
        throw new IllegalArgumentException("sequence-numbers as " + (value == null ? null : value.getClass()));
    }

    /** The SDK's fallback when a delivery is no longer on its link (e.g. it was received on a link since closed). */
    private Message updateDisposition(Message request, Map<?, ?> body) {
        var outcome = outcome(String.valueOf(body.get("disposition-status")),
                (String) body.get("deadletter-reason"), (String) body.get("deadletter-description"));
        for (var lockToken : lockTokens(body)) {
            if (!entity.settle(lockToken, outcome)) {
                return lockLost(request);
            }
        }
        return Replies.response(request, 200, new HashMap<>());
    }

    private static DeliveryState outcome(String status, String reason, String description) {
        return switch (status) {
            case "completed" -> Accepted.getInstance();
            case "suspended" -> {
                var info = new HashMap<Symbol, Object>();
                info.put(Symbol.valueOf("DeadLetterReason"), reason);
                info.put(Symbol.valueOf("DeadLetterErrorDescription"), description);
                var rejected = new Rejected();
                rejected.setError(new ErrorCondition(Symbol.valueOf("com.microsoft:dead-letter"), null));
                rejected.getError().setInfo(info);
                yield rejected;
            }
            case "defered" -> {
                var deferred = new Modified();
                deferred.setUndeliverableHere(true);
                yield deferred;
            }
            default -> new Modified();
        };
    }

    private static List<UUID> lockTokens(Map<?, ?> body) {
        var tokens = new ArrayList<UUID>();
        if (body.get("lock-tokens") instanceof Object[] array) {
            for (var token : array) {
                tokens.add((UUID) token);
            }
        }
        return tokens;
    }

    private static Message lockLost(Message request) {
        return Replies.error(request, 410, AmqpCodec.MESSAGE_LOCK_LOST,
                "The lock supplied is invalid: it expired or was lost, or the message was already settled.");
    }
}
