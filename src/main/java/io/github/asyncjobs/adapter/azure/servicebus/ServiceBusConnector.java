package io.github.asyncjobs.adapter.azure.servicebus;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.spi.Connector;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.util.ClientOptions;
import com.azure.core.util.TracingOptions;
import com.azure.messaging.servicebus.ServiceBusClientBuilder;
import com.azure.messaging.servicebus.administration.ServiceBusAdministrationClient;
import com.azure.messaging.servicebus.administration.ServiceBusAdministrationClientBuilder;

import io.github.asyncjobs.job.queue.DeadLetterHandler;
import io.github.asyncjobs.job.queue.MessageSizeLimit;
import io.github.asyncjobs.job.queue.OutgoingMessages;
import io.github.asyncjobs.job.queue.QueueDepth;
import io.github.asyncjobs.job.queue.QueueMessageMetadata;
import io.github.asyncjobs.job.queue.StopReceiving;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.reactive.messaging.annotations.ConnectorAttribute;
import io.smallrye.reactive.messaging.annotations.ConnectorAttribute.Direction;
import io.smallrye.reactive.messaging.connector.InboundConnector;
import io.smallrye.reactive.messaging.connector.OutboundConnector;
import io.smallrye.reactive.messaging.health.HealthReport;
import io.smallrye.reactive.messaging.health.HealthReporter;
import io.smallrye.reactive.messaging.providers.helpers.MultiUtils;
import io.vertx.core.Vertx;

/**
 * SmallRye Reactive Messaging connector for Azure Service Bus queues, on the official SDK with Entra ID.
 * Outgoing ({@link ServiceBusOutbound}): messages carry {@link QueueMessageMetadata} (message id, content type,
 * application properties, time to live). Incoming ({@link ServiceBusInbound}): peek-lock with lock renewal;
 * ack completes, nack abandons or dead-letters; the dead-letter queue is browsed for {@link DeadLetterHandler}s.
 */
@ApplicationScoped
@Connector(ServiceBusConnector.NAME)
@ConnectorAttribute(name = "queue", type = "string", direction = Direction.INCOMING_AND_OUTGOING, mandatory = true,
        description = "Queue name")
@ConnectorAttribute(name = "fully-qualified-namespace", type = "string", direction = Direction.INCOMING_AND_OUTGOING,
        description = "NAME.servicebus.windows.net, reached with the Entra ID credential")
@ConnectorAttribute(name = "connection-string", type = "string", direction = Direction.INCOMING_AND_OUTGOING,
        description = "Only for emulators and test brokers (UseDevelopmentEmulator=true)")
@ConnectorAttribute(name = "try-timeout", type = "string", direction = Direction.INCOMING_AND_OUTGOING, defaultValue = "10s",
        description = "Timeout of one AMQP operation")
@ConnectorAttribute(name = "max-retries", type = "int", direction = Direction.INCOMING_AND_OUTGOING, defaultValue = "2",
        description = "Retries of a failed AMQP operation")
@ConnectorAttribute(name = "health-interval", type = "string", direction = Direction.INCOMING_AND_OUTGOING, defaultValue = "5s",
        description = "How often readiness probes the namespace")
@ConnectorAttribute(name = "reconnect-after", type = "string", direction = Direction.INCOMING_AND_OUTGOING, defaultValue = "30s",
        description = "A client that has only failed for this long is replaced by a new one, with a new connection")
@ConnectorAttribute(name = "max-message-size", type = "long", direction = Direction.OUTGOING, defaultValue = "262144",
        description = "Largest message the queue takes, in bytes: 262144 on Standard, the queue's maxMessageSizeInKilobytes on Premium")
@ConnectorAttribute(name = "readiness-probe", type = "boolean", direction = Direction.OUTGOING, defaultValue = "true",
        description = "Whether readiness opens a send link and checks it; off where nothing is sent (the worker), which then opens none")
@ConnectorAttribute(name = "sessions", type = "boolean", direction = Direction.INCOMING_AND_OUTGOING, defaultValue = "false",
        description = "Whether the queue requires sessions: messages go into sessions by their session-key-property, receivers take sessions in turns")
@ConnectorAttribute(name = "session-key-property", type = "string", direction = Direction.INCOMING_AND_OUTGOING,
        description = "Application property whose value keys a message's sessions")
@ConnectorAttribute(name = "sessions-per-key", type = "int", direction = Direction.OUTGOING, defaultValue = "64",
        description = "Sessions one key's messages are spread over (by message id)")
@ConnectorAttribute(name = "session-turn", type = "int", direction = Direction.INCOMING, defaultValue = "4",
        description = "Messages taken from a session before moving on to the next free one")
@ConnectorAttribute(name = "session-idle", type = "string", direction = Direction.INCOMING, defaultValue = "100ms",
        description = "A turn ends early when its session has had nothing to deliver for this long")
@ConnectorAttribute(name = "priority-queue", type = "string", direction = Direction.INCOMING_AND_OUTGOING,
        description = "With sessions: a queue without sessions whose messages run before any further session turn starts")
@ConnectorAttribute(name = "priority-burst", type = "int", direction = Direction.OUTGOING, defaultValue = "200",
        description = "Messages of one session key that may go to the priority queue at once")
@ConnectorAttribute(name = "priority-rate", type = "int", direction = Direction.OUTGOING, defaultValue = "1",
        description = "Messages a second by which a key's priority allowance fills up again")
@ConnectorAttribute(name = "max-concurrency", type = "int", direction = Direction.INCOMING, defaultValue = "16",
        description = "Messages processed at once (the processor's max concurrent calls)")
@ConnectorAttribute(name = "prefetch", type = "int", direction = Direction.INCOMING, defaultValue = "0",
        description = "Messages fetched ahead of processing")
@ConnectorAttribute(name = "max-lock-renewal", type = "string", direction = Direction.INCOMING, defaultValue = "15m",
        description = "How long locks are renewed for a message still being processed")
@ConnectorAttribute(name = "dead-letter-poll-interval", type = "string", direction = Direction.INCOMING, defaultValue = "10s",
        description = "How often the dead-letter queue is browsed")
public class ServiceBusConnector implements InboundConnector, OutboundConnector, HealthReporter, QueueDepth, MessageSizeLimit {

    public static final String NAME = "azure-servicebus";

    private final Instance<TokenCredential> credential;
    private final Instance<HttpClient> httpClient;
    private final TracingOptions tracing;
    private final Vertx vertx;
    private final List<DeadLetterHandler> deadLetterHandlers;
    private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(4, runnable -> {
        var thread = new Thread(runnable, "servicebus-connector");
        thread.setDaemon(true);
        return thread;
    });
    private final List<AutoCloseable> closeables = new CopyOnWriteArrayList<>();
    private final List<ServiceBusInbound> inbounds = new CopyOnWriteArrayList<>();
    private final Map<String, Supplier<String>> problems = new ConcurrentHashMap<>();
    private final Map<String, ServiceBusSettings> queues = new ConcurrentHashMap<>();
    private final Map<String, ServiceBusAdministrationClient> administration = new ConcurrentHashMap<>();
    private volatile String depthProblem;

    public ServiceBusConnector(Instance<TokenCredential> credential, Instance<HttpClient> httpClient, TracingOptions tracing,
            Vertx vertx, Instance<DeadLetterHandler> deadLetterHandlers) {
        this.vertx = vertx;
        this.credential = credential;
        this.httpClient = httpClient;
        this.tracing = tracing;
        this.deadLetterHandlers = deadLetterHandlers.stream().toList();
    }

    /** The queue's messages, and the priority lane's beside them if it has one. */
    @Override
    public Flow.Publisher<? extends Message<?>> getPublisher(Config config) {
        var settings = ServiceBusSettings.of(config);
        var slots = new SharedSlots(settings.maxConcurrency());
        var messages = inbound(settings, settings.channel(), slots);
        if (priorityLane(settings).isEmpty()) {
            return messages;
        }
        var priority = inbound(settings.priorityLane(), settings.channel() + " (priority lane)", slots);
        return Multi.createBy().merging().streams(messages, priority);
    }

    private Multi<Message<byte[]>> inbound(ServiceBusSettings settings, String name, SharedSlots slots) {
        queues.put(settings.queue(), settings);
        Supplier<ServiceBusClientBuilder> clients = () -> settings.clientBuilder(credential(settings), tracing);
        var inbound = new ServiceBusInbound(clients, settings, vertx.getOrCreateContext(), timer, slots);
        var watcher = new DeadLetterWatcher(clients, settings, deadLetterHandlers, timer);
        inbounds.add(inbound);
        closeables.add(inbound);
        closeables.add(watcher);
        problems.put(name, watcher::lastError);
        Log.infof("Receiving jobs from Service Bus queue %s", settings.queue());
        return inbound.messages();
    }

    /** Each message to the queue, or to the priority lane while its caller has allowance there. */
    @Override
    public Flow.Subscriber<? extends Message<?>> getSubscriber(Config config) {
        var settings = ServiceBusSettings.of(config);
        var outbound = outbound(settings, settings.channel());
        var lane = priorityLane(settings);
        if (lane.isEmpty()) {
            return MultiUtils.via(messages -> messages.invoke(outbound::send));
        }
        var priority = outbound(settings.priorityLane(), settings.channel() + " (priority lane)");
        var allowance = new PriorityAllowance(lane.get());
        var key = settings.sessions().orElseThrow().keyProperty();
        return MultiUtils.via(messages -> messages.invoke(message -> (allowance.take(
                OutgoingMessages.metadata(message).properties().get(key)) ? priority : outbound).send(message)));
    }

    private ServiceBusOutbound outbound(ServiceBusSettings settings, String name) {
        queues.put(settings.queue(), settings);
        var outbound = new ServiceBusOutbound(
                () -> settings.clientBuilder(credential(settings), tracing).sender().queueName(settings.queue()).buildAsyncClient(),
                settings, timer);
        closeables.add(outbound);
        problems.put(name, outbound::lastError);
        Log.infof("Sending jobs to Service Bus queue %s", settings.queue());
        return outbound;
    }

    private static Optional<ServiceBusSettings.PriorityLane> priorityLane(ServiceBusSettings settings) {
        return settings.sessions().flatMap(ServiceBusSettings.Sessions::priority);
    }

    @Override
    public HealthReport getReadiness() {
        var report = HealthReport.builder();
        problems.forEach((channel, problem) -> {
            var error = problem.get();
            report.add(channel, error == null, error);
        });
        return report.build();
    }

    /**
     * Active messages (waiting or locked), with its priority lane's, from the administration API, which needs a role
     * that may read the queue's runtime properties (Azure Service Bus Data Owner); empty, with one warning, when it is
     * not granted or not there.
     */
    @Override
    public OptionalLong depth(String queue) {
        var settings = queues.get(queue);
        if (settings == null || settings.connectionString().isPresent()) {
            return OptionalLong.empty(); // emulators and test brokers serve no administration API where the SDK looks
        }
        try {
            var client = administration.computeIfAbsent(queue, q -> administrationClient(settings));
            var count = client.getQueueRuntimeProperties(queue).getActiveMessageCount() + priorityLane(settings)
                    .map(lane -> (long) client.getQueueRuntimeProperties(lane.queue()).getActiveMessageCount()).orElse(0L);
            depthProblem = null;
            return OptionalLong.of(count);
        } catch (RuntimeException e) {
            if (depthProblem == null) {
                Log.warnf("Cannot read the depth of Service Bus queue %s (the jobs_queue_depth metric stays empty): %s", queue,
                        e.getMessage());
            }
            depthProblem = String.valueOf(e.getMessage());
            return OptionalLong.empty();
        }
    }

    @Override
    public OptionalLong limit(String queue) {
        var settings = queues.get(queue);
        return settings == null ? OptionalLong.empty() : OptionalLong.of(settings.maxMessageSize());
    }

    @Override
    public long size(QueueMessageMetadata metadata, byte[] body) {
        return AmqpMessageSize.of(metadata, body);
    }

    private ServiceBusAdministrationClient administrationClient(ServiceBusSettings settings) {
        return new ServiceBusAdministrationClientBuilder()
                .httpClient(httpClient.get())
                .clientOptions(new ClientOptions().setTracingOptions(tracing))
                .credential(settings.namespace().orElseThrow(), credential.get())
                .buildClient();
    }

    void stopReceiving(@Observes StopReceiving event) {
        inbounds.forEach(ServiceBusInbound::stopReceiving);
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
        for (var closeable : closeables) {
            try {
                closeable.close();
            } catch (Exception e) {
                Log.debugf("Closing a Service Bus client failed: %s", e.getMessage());
            }
        }
    }

    private TokenCredential credential(ServiceBusSettings settings) {
        return settings.connectionString().isPresent() ? null : credential.get();
    }
}
