package io.github.asyncjobs.testing.servicebus;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.azure.core.amqp.AmqpRetryOptions;
import com.azure.messaging.servicebus.ServiceBusClientBuilder;
import com.azure.messaging.servicebus.ServiceBusReceivedMessage;
import com.azure.messaging.servicebus.ServiceBusReceiverClient;

/** The real SDK's clients of one test broker, closed after the test, newest first; short timeouts so a bug fails fast. */
final class SdkClients implements AutoCloseable {

    static final Duration RECEIVE_WAIT = Duration.ofSeconds(10);

    private final TestServiceBus bus;
    private final List<AutoCloseable> clients = new ArrayList<>();

    SdkClients(TestServiceBus bus) {
        this.bus = bus;
    }

    /** A client builder whose tokens carry the rights of the shared access policy {@code keyName}. */
    ServiceBusClientBuilder builder(String keyName) {
        // SDK defaults (60 s try timeout, 3 retries) would turn a broker bug into minutes of waiting.
        return new ServiceBusClientBuilder()
                .connectionString(bus.connectionString(keyName))
                .retryOptions(new AmqpRetryOptions().setTryTimeout(Duration.ofSeconds(5)).setMaxRetries(2));
    }

    ServiceBusClientBuilder builder() {
        return builder("test");
    }

    <T extends AutoCloseable> T track(T client) {
        clients.add(client);
        return client;
    }

    static ServiceBusReceivedMessage receiveOne(ServiceBusReceiverClient receiver) {
        var messages = receiver.receiveMessages(1, RECEIVE_WAIT).stream().toList();
        assertThat(messages).as("messages received within %s", RECEIVE_WAIT).hasSize(1);
        return messages.get(0);
    }

    @Override
    public void close() throws Exception {
        for (int i = clients.size() - 1; i >= 0; i--) {
            clients.get(i).close();
        }
    }
}
