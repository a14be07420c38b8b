package io.github.asyncjobs.testing.servicebus;

import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.UnsignedLong;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.engine.BaseHandler;
import org.apache.qpid.proton.engine.Connection;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Event;
import org.apache.qpid.proton.engine.Link;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.engine.Sender;
import org.apache.qpid.proton.message.Message;

import io.github.asyncjobs.testing.rbac.Right;

/**
 * Proton-j events of client connections: opens what clients open, routes attaches to queues, $cbs and
 * $management, and turns transfers and dispositions into broker operations. A link to a queue needs the right for it
 * (Send, Listen) from the connection's token ({@link ClaimsBasedSecurity}), and a message no larger than the queue
 * takes. Runs on the reactor thread.
 */
final class BrokerHandler extends BaseHandler {

    /** What the request/response nodes ($cbs, $management) take; the SDK sizes its requests by it. */
    private static final UnsignedLong NODE_MAX_MESSAGE_SIZE = UnsignedLong.valueOf(QueueSettings.STANDARD_MAX_MESSAGE_SIZE);
    private static final Symbol MESSAGE_SIZE_EXCEEDED = Symbol.valueOf("amqp:link:message-size-exceeded");
    /** Credit granted to client senders, topped up by one per transfer received. */
    private static final int SENDER_CREDIT = 100;
    private static final String CBS = "$cbs";
    private static final String MANAGEMENT_SUFFIX = "/$management";

    /** A request/response node: $cbs or an entity's $management. */
    @FunctionalInterface
    interface RequestNode {
        Message respond(Connection connection, Message request);
    }

    private static final System.Logger LOG = System.getLogger(BrokerHandler.class.getName());

    private final Broker broker;

    BrokerHandler(Broker broker) {
        this.broker = broker;
    }

    @Override
    public void handle(Event event) {
        try {
            super.handle(event);
        } catch (RuntimeException e) {
            // A broker bug costs the client its connection rather than killing the reactor for every later test.
            LOG.log(System.Logger.Level.ERROR, "Test Service Bus failed on " + event.getType(), e);
            var connection = event.getConnection();
            if (connection != null) {
                connection.setCondition(new ErrorCondition(Symbol.valueOf("amqp:internal-error"), e.toString()));
                connection.close();
            }
        }
    }

    @Override
    public void onConnectionRemoteOpen(Event event) {
        var connection = event.getConnection();
        connection.setContainer("test-servicebus");
        connection.open();
        broker.connectionOpened(connection);
    }

    @Override
    public void onConnectionRemoteClose(Event event) {
        event.getConnection().close();
    }

    @Override
    public void onTransportClosed(Event event) {
        var connection = event.getConnection();
        if (connection != null) {
            // Marks its links inactive, so queues stop delivering to them.
            connection.close();
            broker.connectionClosed(connection);
        }
    }

    @Override
    public void onSessionRemoteOpen(Event event) {
        event.getSession().open();
    }

    @Override
    public void onSessionRemoteClose(Event event) {
        event.getSession().close();
    }

    @Override
    public void onLinkRemoteOpen(Event event) {
        var link = event.getLink();
        var address = link instanceof Sender ? address(link.getRemoteSource()) : address(link.getRemoteTarget());
        var connection = link.getSession().getConnection();
        if (CBS.equals(address)) {
            RequestNode putToken = broker.security()::putToken;
            accept(link, link instanceof Receiver ? putToken : null);
        } else if (address.endsWith(MANAGEMENT_SUFFIX)) {
            var entityPath = address.substring(0, address.length() - MANAGEMENT_SUFFIX.length());
            var entity = broker.entity(entityPath);
            if (refused(link, address, entity, null)) {
                return;
            }
            // Requests arrive on the client's sender; responses leave on its receiver, found by reply-to. Service Bus
            // checks the right of each operation, not the attach.
            RequestNode management = new ManagementNode(entity, broker.sendTarget(entityPath), broker::countManagementRequest,
                    (client, right) -> broker.security().authorize(client, entityPath, right))::respond;
            accept(link, link instanceof Receiver ? management : null);
        } else if (link instanceof Receiver) {
            var queue = broker.sendTarget(address);
            if (!refused(link, address, queue, () -> broker.security().authorize(connection, address, Right.SEND))) {
                accept(link, queue);
            }
        } else {
            var entity = broker.entity(address);
            if (!refused(link, address, entity, () -> broker.security().authorize(connection, address, Right.LISTEN))) {
                prepare(link, entity);
                link.setSource(link.getRemoteSource());
                var refusal = entity.attach((Sender) link);
                if (refusal != null) {
                    refuse(link, refusal);
                }
            }
        }
    }

    @Override
    public void onLinkRemoteClose(Event event) {
        event.getLink().close();
        detached(event.getLink());
    }

    @Override
    public void onLinkRemoteDetach(Event event) {
        event.getLink().detach();
        detached(event.getLink());
    }

    private static void detached(Link link) {
        if (link instanceof Sender sender && link.getContext() instanceof Entity entity) {
            entity.detached(sender);
        }
    }

    @Override
    public void onLinkFlow(Event event) {
        if (event.getLink().getContext() instanceof Entity entity) {
            entity.dispatch();
        }
    }

    @Override
    public void onDelivery(Event event) {
        var delivery = event.getDelivery();
        if (delivery.isSettled()) {
            return;
        }
        if (delivery.getLink() instanceof Receiver receiver) {
            received(receiver, delivery);
        } else if (delivery.getLink().getContext() instanceof Entity entity) {
            settled(entity, delivery);
        }
    }

    /** A transfer from a client: messages for a queue, or a request to $cbs or $management. */
    private void received(Receiver receiver, Delivery delivery) {
        if (!delivery.isReadable() || delivery.isPartial()) {
            return;
        }
        var payload = new byte[delivery.pending()];
        receiver.recv(payload, 0, payload.length);
        receiver.advance();
        if (receiver.getContext() instanceof Queue queue) {
            if (payload.length > queue.maxMessageSize()) {
                refuse(receiver, delivery, new ErrorCondition(MESSAGE_SIZE_EXCEEDED, "The received message (size: " + payload.length
                        + " bytes) exceeds the limit (" + queue.maxMessageSize() + " bytes) currently allowed on the link."));
                return;
            }
            var messages = AmqpCodec.decodeTransfer(payload, delivery.getMessageFormat());
            var refusal = queue.refusal(messages);
            if (refusal != null) {
                refuse(receiver, delivery, new ErrorCondition(Symbol.valueOf("amqp:not-allowed"), refusal));
                return;
            }
            if (broker.holdIfFailing(delivery, receiver)) {
                return;
            }
            messages.forEach(queue::enqueue);
        } else if (receiver.getContext() instanceof RequestNode node) {
            var request = AmqpCodec.decodeTransfer(payload, 0).get(0);
            var connection = receiver.getSession().getConnection();
            Replies.send(connection, request, node.respond(connection, request));
        }
        if (!delivery.remotelySettled()) {
            delivery.disposition(Accepted.getInstance());
        }
        delivery.settle();
        receiver.flow(1);
    }

    private static void refuse(Receiver receiver, Delivery delivery, ErrorCondition error) {
        var rejected = new Rejected();
        rejected.setError(error);
        delivery.disposition(rejected);
        delivery.settle();
        receiver.flow(1);
    }

    /** A client settled a peek-lock delivery: answer with a settled disposition of the same outcome, or lock lost. */
    private static void settled(Entity entity, Delivery delivery) {
        var outcome = delivery.getRemoteState();
        if (outcome == null) {
            if (delivery.remotelySettled()) {
                // Settled without an outcome (a closing receiver): the lock stays until it expires.
                delivery.settle();
            }
            return;
        }
        boolean locked = entity.settle(AmqpCodec.lockToken(delivery.getTag()), outcome);
        delivery.disposition(locked ? outcome : AmqpCodec.lockLost());
        delivery.settle();
    }

    /**
     * Detaches with an error when the entity is unknown, links are being refused, or {@code authorization} (when given)
     * finds the connection's token lacking the right.
     */
    private boolean refused(Link link, String address, Object entity, java.util.function.Supplier<ErrorCondition> authorization) {
        ErrorCondition error = null;
        if (entity == null) {
            // The SDK treats not-found as transient (and retries) unless the description has this form.
            error = new ErrorCondition(Symbol.valueOf("amqp:not-found"),
                    "The messaging entity '" + address + "' could not be found.");
        } else if (broker.refusesLinks()) {
            error = new ErrorCondition(Symbol.valueOf("com.microsoft:entity-disabled"), "The messaging entity is disabled.");
        } else if (authorization != null) {
            error = authorization.get();
        }
        if (error == null) {
            return false;
        }
        refuse(link, error);
        return true;
    }

    /** Attach without a terminus, then detach: the SDK waits for the detach's error instead of going active. */
    private static void refuse(Link link, ErrorCondition error) {
        link.setContext(null);
        link.setSource(null);
        link.open();
        link.setCondition(error);
        link.close();
    }

    /** Attaches, echoing the client's terminus (the SDK waits for a non-null one) and settle modes. */
    private static void accept(Link link, Object context) {
        prepare(link, context);
        link.setSource(link.getRemoteSource());
        if (link instanceof Receiver receiver) {
            receiver.setMaxMessageSize(context instanceof Queue queue ? UnsignedLong.valueOf(queue.maxMessageSize()) : NODE_MAX_MESSAGE_SIZE);
            receiver.open();
            receiver.flow(SENDER_CREDIT);
        } else {
            link.open();
        }
    }

    /** Everything of an attach but its source and the open: the target and settle modes echoed. */
    private static void prepare(Link link, Object context) {
        link.setContext(context);
        link.setTarget(link.getRemoteTarget());
        link.setSenderSettleMode(link.getRemoteSenderSettleMode());
        link.setReceiverSettleMode(link.getRemoteReceiverSettleMode());
    }

    private static String address(org.apache.qpid.proton.amqp.transport.Source source) {
        return source instanceof Source terminus && terminus.getAddress() != null ? terminus.getAddress() : "";
    }

    private static String address(org.apache.qpid.proton.amqp.transport.Target target) {
        return target instanceof Target terminus && terminus.getAddress() != null ? terminus.getAddress() : "";
    }
}
