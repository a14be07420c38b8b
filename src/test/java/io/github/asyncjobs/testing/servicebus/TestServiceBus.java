package io.github.asyncjobs.testing.servicebus;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import io.github.asyncjobs.testing.rbac.AccessControl;
import io.github.asyncjobs.testing.rbac.Right;

/**
 * A Service Bus-compatible AMQP 1.0 broker for tests, on proton-j, that the real azure-messaging-servicebus SDK
 * talks to: queues with peek-lock and receive-and-delete, lock renewal, dead-lettering, expiry, duplicate
 * detection, peeking and the tier's message size limit, plus switches for the faults a real namespace shows (outage,
 * dropped connections, refused links, lost locks, slow sends that fail). Plain AMQP on 127.0.0.1, SASL ANONYMOUS. As
 * strict as Service Bus about rights: every link and management operation needs the claim its entity's token carries
 * (Entra ID tokens the roles {@link AccessControl} gives their identity; shared access signatures their policy's).
 */
public final class TestServiceBus implements AutoCloseable {

    private static final String HOST = "127.0.0.1";

    private final Broker broker;
    private final ReactorLoop loop;
    private final int port;
    private boolean closed;

    private TestServiceBus(Broker broker, ReactorLoop loop, int port) {
        this.broker = broker;
        this.loop = loop;
        this.port = port;
    }

    /**
     * Starts a broker listening on a free loopback port, for clients with the emulator's connection string (whose
     * policy has every right); Entra ID tokens carry no rights here.
     */
    public static TestServiceBus start() {
        return start(null);
    }

    /** Starts a broker whose Entra ID tokens carry the roles {@code access} gives their identities. */
    public static TestServiceBus start(AccessControl access) {
        var broker = new Broker(HOST, access);
        var loop = new ReactorLoop(new BrokerHandler(broker), broker::sweep);
        return new TestServiceBus(broker, loop, loop.listen(HOST, 0));
    }

    public int port() {
        return port;
    }

    /** UseDevelopmentEmulator makes the SDK speak plain AMQP to the endpoint's port. */
    public String connectionString() {
        return "Endpoint=sb://" + HOST + ":" + port
                + ";SharedAccessKeyName=test;SharedAccessKey=test;UseDevelopmentEmulator=true;";
    }

    /** A connection string whose shared access signatures carry the rights of the policy {@code keyName}. */
    public String connectionString(String keyName) {
        return connectionString().replace("SharedAccessKeyName=test;", "SharedAccessKeyName=" + keyName + ";");
    }

    /** A shared access policy: tokens signed with its key name carry these rights. */
    public void sasPolicy(String keyName, Set<Right> rights) {
        loop.execute(() -> broker.security().sasPolicy(keyName, rights));
    }

    public void createQueue(String name, QueueSettings settings) {
        loop.execute(() -> broker.createQueue(name, settings));
    }

    /** The jobs queue and, as infra/ creates them, its priority lane: {@code <name>-priority}, the same without sessions. */
    public void createJobQueues(String name, QueueSettings settings) {
        createQueue(name, settings);
        createQueue(priorityLane(name), settings.withRequiresSession(false));
    }

    /** The jobs queue and its priority lane: where a job's messages may be. */
    public static String[] jobQueues(String name) {
        return new String[] { name, priorityLane(name) };
    }

    private static String priorityLane(String name) {
        return name + "-priority";
    }

    /**
     * Every message ever accepted into the queues (duplicates excluded), in order, in its current state. Each of these
     * reads takes several queues: the jobs queue and its priority lane, say.
     */
    public List<BrokerMessage> enqueued(String... queues) {
        return loop.call(() -> Stream.of(queues).flatMap(queue -> snapshots(broker.queue(queue).enqueued()).stream()).toList());
    }

    /** Messages now in the queue: available, locked or deferred. */
    public List<BrokerMessage> active(String... queues) {
        return loop.call(() -> Stream.of(queues).flatMap(queue -> snapshots(broker.queue(queue).active.messages()).stream()).toList());
    }

    /** Messages scheduled for later, not yet in the queue. */
    public List<BrokerMessage> scheduled(String... queues) {
        return loop.call(() -> Stream.of(queues).flatMap(queue -> snapshots(broker.queue(queue).scheduled()).stream()).toList());
    }

    /** Messages now in the queue's dead-letter sub-queue. */
    public List<BrokerMessage> deadLetters(String... queues) {
        return loop.call(() -> Stream.of(queues).flatMap(queue -> snapshots(broker.queue(queue).deadLetters.messages()).stream()).toList());
    }

    /** How many $management requests of the operation (e.g. "com.microsoft:renew-lock") the broker answered. */
    /**
     * What clients asked of the queue so far: messages sent to it, delivered from it (dead letters included) and
     * settled, and $management requests by operation (any entity's), for the benchmarks' Service Bus operations per job.
     */
    public Map<String, Long> operations(String queue) {
        return loop.call(() -> broker.operations(queue));
    }

    public long managementRequests(String operation) {
        return loop.call(() -> broker.managementRequests(operation));
    }

    /** How many sessions of the queue receivers hold now. */
    public int heldSessions(String queue) {
        return loop.call(() -> broker.queue(queue).active.heldSessions());
    }

    /** How many waits for the next free session of the queue ended without one (detached with com.microsoft:timeout). */
    public long sessionWaitsEnded(String queue) {
        return loop.call(() -> broker.queue(queue).active.sessionWaitsEnded());
    }

    /**
     * The broker goes away: stops listening and closes every connection. Queues and messages are kept; locked
     * messages lose their locks (available again, delivery count +1).
     */
    public void stop() {
        loop.stopListening();
        loop.execute(() -> {
            broker.dropConnections();
            broker.loseAllLocks();
        });
    }

    /** Listens again on the same port after {@link #stop()}. */
    public void restart() {
        loop.listen(HOST, port);
    }

    /** Abruptly closes every client connection (no AMQP close), keeps listening. */
    public void dropConnections() {
        loop.execute(broker::dropConnections);
    }

    /** While true, attaches to entities are detached with com.microsoft:entity-disabled; $cbs keeps working. */
    public void refuseLinks(boolean refuse) {
        loop.execute(() -> broker.refuseLinks(refuse));
    }

    /**
     * From now on every send to a queue is held unsettled for {@code delay}, then refused with
     * {@code amqp:internal-error} (transient: the SDK retries, and is held again); null takes sends at once again.
     */
    public void failSendsAfter(Duration delay) {
        loop.execute(() -> broker.failSendsAfter(delay));
    }

    /** Sends held by {@link #failSendsAfter} and not yet refused. */
    public int heldSends() {
        return loop.call(broker::heldSends);
    }

    /** Every message locked in the queue loses its lock now; settling it later gets com.microsoft:message-lock-lost. */
    public void loseLocks(String queue) {
        loop.execute(() -> broker.queue(queue).active.loseLocks());
    }

    /**
     * The waiting message {@code messageId} uses up its deliveries now and is dead-lettered (MaxDeliveryCountExceeded),
     * as after as many abandons: what processors that keep giving a message back during a long outage lead to.
     */
    public void exhaustDeliveries(String queue, String messageId) {
        loop.execute(() -> broker.queue(queue).active.exhaustDeliveries(messageId));
    }

    /** The waiting message {@code messageId} expires now, as its time to live had passed: dead-lettered as TTLExpiredException. */
    public void expireNow(String queue, String messageId) {
        loop.execute(() -> broker.queue(queue).active.expireNow(messageId));
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            stop();
            loop.shutdown();
        }
    }

    private static List<BrokerMessage> snapshots(Collection<StoredMessage> messages) {
        return messages.stream().map(StoredMessage::snapshot).toList();
    }
}
