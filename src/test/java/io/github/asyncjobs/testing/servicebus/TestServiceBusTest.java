package io.github.asyncjobs.testing.servicebus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.azure.core.amqp.AmqpRetryOptions;
import com.azure.messaging.servicebus.ServiceBusException;
import com.azure.messaging.servicebus.ServiceBusFailureReason;
import com.azure.messaging.servicebus.ServiceBusMessage;
import com.azure.messaging.servicebus.ServiceBusReceivedMessage;
import com.azure.messaging.servicebus.ServiceBusReceiverClient;
import com.azure.messaging.servicebus.ServiceBusSenderClient;
import com.azure.messaging.servicebus.models.DeadLetterOptions;
import com.azure.messaging.servicebus.models.ServiceBusReceiveMode;
import com.azure.messaging.servicebus.models.SubQueue;

import io.github.asyncjobs.testing.rbac.Right;

/** Drives {@link TestServiceBus} with the real Service Bus SDK. */
class TestServiceBusTest {

    private static final String QUEUE = "jobs";
    private static final Duration RECEIVE_WAIT = SdkClients.RECEIVE_WAIT;

    private TestServiceBus bus;
    private SdkClients sdk;

    @BeforeEach
    void startBroker() {
        bus = TestServiceBus.start();
        sdk = new SdkClients(bus);
        bus.createQueue(QUEUE, QueueSettings.defaults());
    }

    @AfterEach
    void stopBroker() throws Exception {
        sdk.close();
        bus.close();
    }

    @Test
    void singleAndBatchedMessagesArriveWithTheirProperties() {
        var sender = sender(QUEUE);
        var single = new ServiceBusMessage("one").setMessageId("m1").setContentType("text/plain")
                .setTimeToLive(Duration.ofHours(1));
        single.getApplicationProperties().put("kind", "single");
        sender.sendMessage(single);

        var batch = sender.createMessageBatch();
        for (var id : List.of("m2", "m3")) {
            var message = new ServiceBusMessage(id + "-body").setMessageId(id).setContentType("application/json");
            message.getApplicationProperties().put("kind", "batched");
            assertThat(batch.tryAddMessage(message)).isTrue();
        }
        sender.sendMessages(batch);

        var enqueued = bus.enqueued(QUEUE);
        assertThat(enqueued).extracting(BrokerMessage::messageId).containsExactly("m1", "m2", "m3");
        assertThat(enqueued).extracting(BrokerMessage::sequenceNumber).containsExactly(1L, 2L, 3L);
        assertThat(enqueued).extracting(BrokerMessage::contentType)
                .containsExactly("text/plain", "application/json", "application/json");
        assertThat(enqueued).extracting(m -> m.applicationProperties().get("kind"))
                .containsExactly("single", "batched", "batched");
        assertThat(enqueued).extracting(m -> new String(m.body(), StandardCharsets.UTF_8))
                .containsExactly("one", "m2-body", "m3-body");
        assertThat(enqueued).extracting(BrokerMessage::timeToLive)
                .containsExactly(Duration.ofHours(1), Duration.ofDays(1), Duration.ofDays(1));
    }

    @Test
    void batchesSpanningManyFramesArriveWhole() {
        var sender = sender(QUEUE);
        var batch = sender.createMessageBatch();
        var body = "x".repeat(1000);
        int count = 0;
        while (batch.tryAddMessage(new ServiceBusMessage(body).setMessageId("b" + count))) {
            count++;
        }
        sender.sendMessages(batch);

        assertThat(count).isGreaterThan(200);
        assertThat(bus.enqueued(QUEUE)).hasSize(count)
                .allSatisfy(m -> assertThat(new String(m.body(), StandardCharsets.UTF_8)).isEqualTo(body));
    }

    @Test
    void completeRemovesTheMessage() {
        sender(QUEUE).sendMessage(new ServiceBusMessage("work").setMessageId("c1"));
        var receiver = receiver(QUEUE);

        var message = SdkClients.receiveOne(receiver);
        assertThat(message.getMessageId()).isEqualTo("c1");
        assertThat(message.getDeliveryCount()).isZero();
        assertThat(message.getSequenceNumber()).isEqualTo(1L);
        assertThat(message.getLockedUntil()).isAfter(message.getEnqueuedTime());
        assertThat(bus.active(QUEUE)).hasSize(1);

        receiver.complete(message);
        assertThat(bus.active(QUEUE)).isEmpty();
        assertThat(bus.enqueued(QUEUE)).hasSize(1);
        assertThat(bus.operations(QUEUE)).as("what the benchmarks count per job")
                .containsEntry("send", 1L).containsEntry("receive", 1L).containsEntry("settle", 1L);
    }

    @Test
    void abandonRedeliversWithTheDeliveryCountRaised() {
        sender(QUEUE).sendMessage(new ServiceBusMessage("work").setMessageId("a1"));
        var receiver = receiver(QUEUE);

        receiver.abandon(SdkClients.receiveOne(receiver));
        var again = SdkClients.receiveOne(receiver);

        assertThat(again.getMessageId()).isEqualTo("a1");
        assertThat(again.getDeliveryCount()).isEqualTo(1L);
        receiver.complete(again);
        assertThat(bus.active(QUEUE)).isEmpty();
    }

    @Test
    void expiredLocksRedeliverTheMessage() {
        bus.createQueue("short", QueueSettings.defaults().withLockDuration(Duration.ofSeconds(1)));
        sender("short").sendMessage(new ServiceBusMessage("work").setMessageId("t1"));
        var receiver = receiver("short");
        var first = SdkClients.receiveOne(receiver);

        await().atMost(Duration.ofSeconds(10))
                .until(() -> bus.active("short").get(0).deliveryCount() == 1);
        var again = SdkClients.receiveOne(receiver);

        assertThat(again.getMessageId()).isEqualTo("t1");
        assertThat(again.getDeliveryCount()).isEqualTo(1L);
        assertThatThrownBy(() -> receiver.complete(first))
                .isInstanceOfSatisfying(ServiceBusException.class,
                        e -> assertThat(e.getReason()).isEqualTo(ServiceBusFailureReason.MESSAGE_LOCK_LOST));
        receiver.complete(again);
        assertThat(bus.active("short")).isEmpty();
    }

    @Test
    void deferredMessagesStayButAreNotRedelivered() {
        sender(QUEUE).sendMessage(new ServiceBusMessage("later").setMessageId("w1"));
        var receiver = receiver(QUEUE);

        receiver.defer(SdkClients.receiveOne(receiver));

        assertThat(receiver.receiveMessages(1, Duration.ofSeconds(1)).stream().toList()).isEmpty();
        assertThat(bus.active(QUEUE)).extracting(BrokerMessage::messageId).containsExactly("w1");
    }

    @Test
    void deadLetteredMessagesCanBeReceivedAndPeekedFromTheDeadLetterQueue() {
        var sender = sender(QUEUE);
        sender.sendMessage(new ServiceBusMessage("bad").setMessageId("d1"));
        sender.sendMessage(new ServiceBusMessage("worse").setMessageId("d2"));
        var receiver = receiver(QUEUE);
        for (int i = 0; i < 2; i++) {
            receiver.deadLetter(SdkClients.receiveOne(receiver), new DeadLetterOptions()
                    .setDeadLetterReason("Poison").setDeadLetterErrorDescription("cannot parse"));
        }
        assertThat(bus.active(QUEUE)).isEmpty();
        assertThat(bus.deadLetters(QUEUE)).extracting(BrokerMessage::deadLetterReason).containsExactly("Poison", "Poison");

        var deadLetters = receiver(QUEUE, SubQueue.DEAD_LETTER_QUEUE);
        var peeked = deadLetters.peekMessages(10).stream().toList();
        assertThat(peeked).extracting(ServiceBusReceivedMessage::getMessageId).containsExactly("d1", "d2");
        assertThat(peeked).extracting(ServiceBusReceivedMessage::getDeadLetterReason).containsOnly("Poison");
        assertThat(bus.managementRequests("com.microsoft:peek-message")).isPositive();

        var first = SdkClients.receiveOne(deadLetters);
        assertThat(first.getDeadLetterReason()).isEqualTo("Poison");
        assertThat(first.getDeadLetterErrorDescription()).isEqualTo("cannot parse");
        assertThat(first.getDeadLetterSource()).isEqualTo(QUEUE);
        deadLetters.complete(first);
        assertThat(bus.deadLetters(QUEUE)).extracting(BrokerMessage::messageId).containsExactly("d2");
    }

    @Test
    void abandoningUpToTheMaxDeliveryCountDeadLetters() {
        bus.createQueue("fragile", QueueSettings.defaults().withMaxDeliveryCount(2));
        sender("fragile").sendMessage(new ServiceBusMessage("work").setMessageId("f1"));
        var receiver = receiver("fragile");

        receiver.abandon(SdkClients.receiveOne(receiver));
        receiver.abandon(SdkClients.receiveOne(receiver));

        assertThat(bus.active("fragile")).isEmpty();
        var deadLetter = SdkClients.receiveOne(receiver("fragile", SubQueue.DEAD_LETTER_QUEUE));
        assertThat(deadLetter.getMessageId()).isEqualTo("f1");
        assertThat(deadLetter.getDeadLetterReason()).isEqualTo("MaxDeliveryCountExceeded");
    }

    @Test
    void expiredMessagesAreDeadLettered() {
        sender(QUEUE).sendMessage(new ServiceBusMessage("stale").setMessageId("e1")
                .setTimeToLive(Duration.ofMillis(300)));

        await().atMost(Duration.ofSeconds(10)).until(() -> bus.deadLetters(QUEUE).size() == 1);
        assertThat(bus.active(QUEUE)).isEmpty();
        var deadLetter = SdkClients.receiveOne(receiver(QUEUE, SubQueue.DEAD_LETTER_QUEUE));
        assertThat(deadLetter.getMessageId()).isEqualTo("e1");
        assertThat(deadLetter.getDeadLetterReason()).isEqualTo("TTLExpiredException");
    }

    @Test
    void processorRenewsLocksOfSlowHandlersAndCompletesOnce() {
        bus.createQueue("slow", QueueSettings.defaults().withLockDuration(Duration.ofSeconds(2)));
        var handled = new AtomicInteger();
        var completed = new AtomicInteger();
        var errors = new CopyOnWriteArrayList<Throwable>();
        var processor = sdk.builder().processor().queueName("slow")
                .disableAutoComplete()
                .maxConcurrentCalls(2)
                .processMessage(context -> {
                    handled.incrementAndGet();
                    // Busy beyond the 2 s lock: until the processor has renewed it twice.
                    await().atMost(Duration.ofSeconds(20)).until(() -> bus.managementRequests("com.microsoft:renew-lock") >= 2);
                    context.complete();
                    completed.incrementAndGet();
                })
                .processError(context -> errors.add(context.getException()))
                .buildProcessorClient();
        sdk.track(processor);
        sender("slow").sendMessage(new ServiceBusMessage("long job").setMessageId("p1"));

        processor.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> completed.get() == 1);

        assertThat(handled).hasValue(1);
        assertThat(errors).isEmpty();
        assertThat(bus.managementRequests("com.microsoft:renew-lock")).isPositive();
        assertThat(bus.active("slow")).isEmpty();
        assertThat(bus.enqueued("slow")).extracting(BrokerMessage::deliveryCount).containsExactly(0);
    }

    @Test
    void duplicateMessageIdWithinTheWindowIsEnqueuedOnce() {
        var sender = sender(QUEUE);
        sender.sendMessage(new ServiceBusMessage("first").setMessageId("same"));
        sender.sendMessage(new ServiceBusMessage("second").setMessageId("same"));

        assertThat(bus.enqueued(QUEUE)).singleElement()
                .satisfies(m -> assertThat(new String(m.body(), StandardCharsets.UTF_8)).isEqualTo("first"));
    }

    @Test
    void settlingALostLockFailsWithMessageLockLost() {
        sender(QUEUE).sendMessage(new ServiceBusMessage("work").setMessageId("l1"));
        var receiver = receiver(QUEUE);
        var message = SdkClients.receiveOne(receiver);

        bus.loseLocks(QUEUE);

        assertThatThrownBy(() -> receiver.complete(message))
                .isInstanceOfSatisfying(ServiceBusException.class,
                        e -> assertThat(e.getReason()).isEqualTo(ServiceBusFailureReason.MESSAGE_LOCK_LOST));
        assertThat(bus.active(QUEUE)).singleElement()
                .satisfies(m -> assertThat(m.deliveryCount()).isEqualTo(1));
    }

    @Test
    void receiveAndDeleteRemovesOnDelivery() {
        sender(QUEUE).sendMessage(new ServiceBusMessage("once").setMessageId("r1"));
        var receiver = sdk.track(sdk.builder().receiver().queueName(QUEUE)
                .receiveMode(ServiceBusReceiveMode.RECEIVE_AND_DELETE).buildClient());

        assertThat(SdkClients.receiveOne(receiver).getMessageId()).isEqualTo("r1");
        assertThat(bus.active(QUEUE)).isEmpty();
    }

    @Test
    void sendsSurviveDroppedConnections() {
        var sender = sender(QUEUE);
        sender.sendMessage(new ServiceBusMessage("before").setMessageId("x1"));

        bus.dropConnections();
        sender.sendMessage(new ServiceBusMessage("after").setMessageId("x2"));

        assertThat(bus.enqueued(QUEUE)).extracting(BrokerMessage::messageId).containsExactly("x1", "x2");
    }

    @Test
    void refusedLinksFailSends() {
        bus.refuseLinks(true);
        var refused = sender(QUEUE);
        assertThatThrownBy(() -> refused.sendMessage(new ServiceBusMessage("nope"))).isInstanceOf(ServiceBusException.class);

        bus.refuseLinks(false);
        sender(QUEUE).sendMessage(new ServiceBusMessage("yes").setMessageId("y1"));
        assertThat(bus.enqueued(QUEUE)).extracting(BrokerMessage::messageId).containsExactly("y1");
    }

    /** As Service Bus: a link or operation without the claim it needs is refused for good, naming claim and entity. */
    @Test
    void linksAndOperationsNeedTheRightOfTheirToken() {
        bus.sasPolicy("listen-only", Set.of(Right.LISTEN));
        bus.sasPolicy("send-only", Set.of(Right.SEND));
        var listener = sdk.track(sdk.builder("listen-only").sender().queueName(QUEUE).buildClient());
        assertThatThrownBy(() -> listener.sendMessage(new ServiceBusMessage("nope")))
                .isInstanceOfSatisfying(ServiceBusException.class, e -> {
                    assertThat(e.getReason()).isEqualTo(ServiceBusFailureReason.UNAUTHORIZED);
                    assertThat(e.isTransient()).isFalse();
                    assertThat(e).hasStackTraceContaining("'Send' claim(s) are required").hasStackTraceContaining("sb://127.0.0.1/jobs");
                });

        sender(QUEUE).sendMessage(new ServiceBusMessage("kept").setMessageId("r1"));
        var sendOnly = sdk.track(sdk.builder("send-only").receiver().queueName(QUEUE).disableAutoComplete().buildClient());
        // The synchronous receiver wraps the refusal in its own termination.
        assertThatThrownBy(() -> sendOnly.receiveMessages(1, RECEIVE_WAIT).stream().toList())
                .hasStackTraceContaining("'Listen' claim(s) are required");
        var peeker = sdk.track(sdk.builder("send-only").receiver().queueName(QUEUE).subQueue(SubQueue.DEAD_LETTER_QUEUE).buildClient());
        assertThatThrownBy(() -> peeker.peekMessage()).isInstanceOf(ServiceBusException.class)
                .hasStackTraceContaining("'Listen' claim(s) are required");
        assertThat(bus.active(QUEUE)).extracting(BrokerMessage::messageId).containsExactly("r1");
    }

    /** The queue's limit goes to senders with the link; the SDK refuses a larger message for good, before it is sent. */
    @Test
    void messagesLargerThanTheQueueTakesAreRefused() {
        bus.createQueue("premium-64k", QueueSettings.defaults().withMaxMessageSize(64 * 1024));
        var sender = sender("premium-64k");
        sender.sendMessage(new ServiceBusMessage(new byte[60 * 1024]).setMessageId("fits"));
        assertThatThrownBy(() -> sender.sendMessage(new ServiceBusMessage(new byte[70 * 1024]).setMessageId("too-large")))
                .isInstanceOfSatisfying(ServiceBusException.class, e -> {
                    assertThat(e.getReason()).isEqualTo(ServiceBusFailureReason.MESSAGE_SIZE_EXCEEDED);
                    assertThat(e.isTransient()).isFalse();
                });
        var standard = sender(QUEUE);
        standard.sendMessage(new ServiceBusMessage(new byte[250 * 1024]).setMessageId("standard-fits"));
        assertThatThrownBy(() -> standard.sendMessage(new ServiceBusMessage(new byte[257 * 1024])))
                .isInstanceOfSatisfying(ServiceBusException.class, e -> assertThat(e.getReason()).isEqualTo(ServiceBusFailureReason.MESSAGE_SIZE_EXCEEDED));
        assertThat(bus.enqueued("premium-64k")).extracting(BrokerMessage::messageId).containsExactly("fits");
        assertThat(bus.enqueued(QUEUE)).extracting(BrokerMessage::messageId).containsExactly("standard-fits");
    }

    @Test
    void unknownQueuesAreNotFound() {
        var sender = sender("missing");
        assertThatThrownBy(() -> sender.sendMessage(new ServiceBusMessage("lost"))).isInstanceOf(ServiceBusException.class);
    }

    @Test
    void messagesAndQueuesSurviveAStopAndRestart() {
        // Short tries: the send while the broker is away fails after them, not after the usual budget.
        var sender = sdk.track(sdk.builder().retryOptions(new AmqpRetryOptions().setTryTimeout(Duration.ofSeconds(2)).setMaxRetries(1))
                .sender().queueName(QUEUE).buildClient());
        sender.sendMessage(new ServiceBusMessage("kept").setMessageId("s1"));
        var receiver = receiver(QUEUE);
        SdkClients.receiveOne(receiver);

        bus.stop();
        // The sync client gives up with its own block timeout (IllegalStateException) before the retries end.
        assertThatThrownBy(() -> sender.sendMessage(new ServiceBusMessage("lost")))
                .isInstanceOfAny(ServiceBusException.class, IllegalStateException.class);
        assertThat(bus.active(QUEUE)).singleElement().satisfies(m -> assertThat(m.deliveryCount()).isEqualTo(1));

        bus.restart();
        sender.sendMessage(new ServiceBusMessage("later").setMessageId("s2"));
        assertThat(bus.enqueued(QUEUE)).extracting(BrokerMessage::messageId).containsExactly("s1", "s2");
        var again = SdkClients.receiveOne(receiver);
        assertThat(again.getMessageId()).isEqualTo("s1");
        assertThat(again.getDeliveryCount()).isEqualTo(1L);
    }

    /** A message sent with a scheduled enqueue time waits, not active, until then; then it is delivered, enqueued at that time. */
    @Test
    void aScheduledMessageIsDeliveredAtItsTimeNotBefore() {
        var at = java.time.OffsetDateTime.now().plusSeconds(2);
        sender(QUEUE).sendMessage(new ServiceBusMessage("later").setMessageId("s1").setScheduledEnqueueTime(at));
        assertThat(bus.scheduled(QUEUE)).extracting(BrokerMessage::messageId).containsExactly("s1");
        assertThat(bus.active(QUEUE)).isEmpty();

        var received = SdkClients.receiveOne(receiver(QUEUE));
        assertThat(received.getMessageId()).isEqualTo("s1");
        assertThat(received.getEnqueuedTime()).isAfterOrEqualTo(at.minusNanos(at.getNano() % 1_000_000));
        assertThat(received.getScheduledEnqueueTime()).isNotNull();
        assertThat(bus.scheduled(QUEUE)).isEmpty();
    }

    @Test
    void aMessageScheduledThroughTheManagementNodeCanBeCanceledUntilItsTime() {
        var sender = sender(QUEUE);
        long kept = sender.scheduleMessage(new ServiceBusMessage("kept").setMessageId("k1"), java.time.OffsetDateTime.now().plusSeconds(1));
        long canceled = sender.scheduleMessage(new ServiceBusMessage("dropped").setMessageId("c1"),
                java.time.OffsetDateTime.now().plusHours(1));
        assertThat(canceled).isGreaterThan(kept);
        assertThat(bus.scheduled(QUEUE)).extracting(BrokerMessage::messageId).containsExactly("k1", "c1");
        sender.cancelScheduledMessage(canceled);
        assertThat(bus.scheduled(QUEUE)).extracting(BrokerMessage::messageId).containsExactly("k1");
        // Service Bus answers message-not-found for a number it does not hold; the SDK takes that as done.
        sender.cancelScheduledMessage(canceled);

        assertThat(SdkClients.receiveOne(receiver(QUEUE)).getMessageId()).isEqualTo("k1");
        assertThat(bus.scheduled(QUEUE)).isEmpty();
        assertThat(bus.active(QUEUE)).extracting(BrokerMessage::messageId).containsExactly("k1");
    }

    private ServiceBusSenderClient sender(String queue) {
        return sdk.track(sdk.builder().sender().queueName(queue).buildClient());
    }

    private ServiceBusReceiverClient receiver(String queue) {
        return receiver(queue, SubQueue.NONE);
    }

    private ServiceBusReceiverClient receiver(String queue, SubQueue subQueue) {
        return sdk.track(sdk.builder().receiver().queueName(queue).subQueue(subQueue)
                .disableAutoComplete().maxAutoLockRenewDuration(Duration.ZERO).buildClient());
    }

}
