package io.github.asyncjobs.testing.servicebus;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Properties;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.engine.Connection;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Sender;
import org.apache.qpid.proton.message.Message;

/** Responses of the request/response nodes ($cbs and ENTITY/$management), and their way back to the client. */
final class Replies {

    private static final EnumSet<EndpointState> ACTIVE = EnumSet.of(EndpointState.ACTIVE);

    private Replies() {
    }

    /** A success response correlated to the request; the SDK casts statusCode to Integer, so it must be an AMQP int. */
    static Message response(Message request, int statusCode, Object body) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("statusCode", statusCode);
        properties.put("statusDescription", "OK");
        return message(request, properties, body);
    }

    static Message error(Message request, int statusCode, Symbol condition, String description) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("statusCode", statusCode);
        properties.put("statusDescription", description);
        properties.put("errorCondition", condition);
        return message(request, properties, null);
    }

    /** Sends the response on the client's receiver link whose target address is the request's reply-to. */
    static void send(Connection connection, Message request, Message response) {
        var link = connection.linkHead(ACTIVE, ACTIVE);
        while (link != null) {
            if (link instanceof Sender sender && link.getRemoteTarget() instanceof Target target
                    && target.getAddress() != null && target.getAddress().equals(request.getReplyTo())) {
                var bytes = AmqpCodec.encode(response);
                var delivery = sender.delivery(AmqpCodec.deliveryTag(UUID.randomUUID()));
                sender.send(bytes, 0, bytes.length);
                delivery.settle();
                sender.advance();
                return;
            }
            link = link.next(ACTIVE, ACTIVE);
        }
    }

    private static Message message(Message request, Map<String, Object> applicationProperties, Object body) {
        var properties = new Properties();
        properties.setCorrelationId(request.getMessageId());
        var response = Message.Factory.create();
        response.setProperties(properties);
        response.setApplicationProperties(new ApplicationProperties(applicationProperties));
        if (body != null) {
            response.setBody(new AmqpValue(body));
        }
        return response;
    }
}
