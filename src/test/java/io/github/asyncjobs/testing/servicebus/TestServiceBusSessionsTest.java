package io.github.asyncjobs.testing.servicebus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.azure.messaging.servicebus.ServiceBusMessage;
import com.azure.messaging.servicebus.ServiceBusReceivedMessage;
import com.azure.messaging.servicebus.ServiceBusSessionReceiverClient;

/** Sessions on {@link TestServiceBus}, driven by the real SDK's session receiver as Service Bus serves it. */
class TestServiceBusSessionsTest {

    private static final String QUEUE = "sessions";
    private static final Duration RECEIVE_WAIT = SdkClients.RECEIVE_WAIT;

    private TestServiceBus bus;
    private SdkClients sdk;

    @BeforeEach
    void startBroker() {
        bus = TestServiceBus.start();
        sdk = new SdkClients(bus);
        bus.createQueue(QUEUE, QueueSettings.defaults().withRequiresSession(true).withLockDuration(Duration.ofSeconds(2)));
        bus.createQueue("plain", QueueSettings.defaults());
    }

    @AfterEach
    void stopBroker() throws Exception {
        sdk.close();
        bus.close();
    }

    @Test
    void aSessionQueueRefusesMessagesWithoutASessionAndReceiversWithoutOne() {
        var sender = sdk.track(sdk.builder().sender().queueName(QUEUE).buildClient());
        assertThatThrownBy(() -> sender.sendMessage(new ServiceBusMessage("no session").setMessageId("m1")))
                .hasMessageContaining("SessionId was not set");
        assertThat(bus.enqueued(QUEUE)).isEmpty();

        var plainReceiver = sdk.track(sdk.builder().receiver().queueName(QUEUE).buildClient());
        assertThatThrownBy(() -> plainReceiver.receiveMessages(1, RECEIVE_WAIT).stream().toList())
                .hasStackTraceContaining("requires sessions");
        var sessionReceiverOnPlainQueue = sdk.track(sdk.builder().sessionReceiver().queueName("plain").buildClient());
        assertThatThrownBy(sessionReceiverOnPlainQueue::acceptNextSession).hasStackTraceContaining("does not require sessions");
    }

    @Test
    void eachSessionGoesToOneReceiverAtATimeInOrder() {
        send("a", "a1", "a2", "a3");
        send("b", "b1");
        var sessions = sessionClient(Duration.ZERO);

        var first = sdk.track(sessions.acceptNextSession());
        var second = sdk.track(sessions.acceptNextSession());
        assertThat(List.of(first.getSessionId(), second.getSessionId())).containsExactlyInAnyOrder("a", "b");
        var a = first.getSessionId().equals("a") ? first : second;
        assertThat(a.receiveMessages(3, RECEIVE_WAIT).stream().map(ServiceBusReceivedMessage::getMessageId).toList())
                .containsExactly("a1", "a2", "a3");
        assertThatThrownBy(() -> sessions.acceptSession("a")).hasMessageContaining("cannot be accepted");
    }

    @Test
    void aReceiverWaitingForTheNextSessionGetsOneThatComesAfterItsWaitsTimedOut() {
        var sessions = sdk.track(sdk.builder().sessionReceiver().queueName(QUEUE).disableAutoComplete().buildAsyncClient());
        var accepted = sessions.acceptNextSession().toFuture();
        // Service Bus ends each wait at the timeout the attach asked for; the SDK asks again on a new link.
        await().atMost(Duration.ofSeconds(30)).until(() -> bus.sessionWaitsEnded(QUEUE) >= 2);
        assertThat(accepted).isNotDone();

        send("late", "l1");
        var receiver = sdk.track(await().atMost(RECEIVE_WAIT).until(() -> accepted.getNow(null), r -> r != null));
        assertThat(receiver.getSessionId()).isEqualTo("late");
        var message = receiver.receiveMessages().blockFirst(RECEIVE_WAIT);
        assertThat(message.getMessageId()).isEqualTo("l1");
        assertThat(message.getDeliveryCount()).as("delivered to no abandoned link first").isZero();
    }

    @Test
    void closingAReceiverFreesItsSessionAndItsUnsettledMessagesComeBackCounted() {
        send("a", "a1", "a2");
        var sessions = sessionClient(Duration.ZERO);
        var first = sessions.acceptNextSession();
        var received = SdkClients.receiveOne(first);
        first.complete(received);
        SdkClients.receiveOne(first); // a2, left unsettled
        first.close();

        var again = sdk.track(sessions.acceptNextSession());
        var redelivered = SdkClients.receiveOne(again);
        assertThat(redelivered.getMessageId()).isEqualTo("a2");
        assertThat(redelivered.getDeliveryCount()).isEqualTo(1);
    }

    @Test
    void aSessionLockExpiresUnlessRenewed() {
        send("renewed", "r1");
        var renewing = sdk.track(sessionClient(Duration.ofMinutes(1)).acceptNextSession());
        var kept = SdkClients.receiveOne(renewing);
        await().atMost(Duration.ofSeconds(20)).until(() -> bus.managementRequests("com.microsoft:renew-session-lock") >= 3);
        renewing.complete(kept);
        assertThat(bus.active(QUEUE)).isEmpty();

        send("expiring", "e1");
        var sessions = sessionClient(Duration.ZERO);
        var expiring = sessions.acceptNextSession();
        var lost = SdkClients.receiveOne(expiring);
        // The session is free again once its lock expired: another receiver gets it, and the first cannot settle.
        var next = sdk.track(await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(sessions::acceptNextSession, r -> true));
        assertThat(SdkClients.receiveOne(next).getDeliveryCount()).isEqualTo(1);
        assertThatThrownBy(() -> expiring.complete(lost)).isNotNull();
    }

    private void send(String sessionId, String... messageIds) {
        var sender = sdk.track(sdk.builder().sender().queueName(QUEUE).buildClient());
        for (var id : messageIds) {
            sender.sendMessage(new ServiceBusMessage(id).setMessageId(id).setSessionId(sessionId));
        }
    }

    private ServiceBusSessionReceiverClient sessionClient(Duration lockRenewal) {
        return sdk.track(sdk.builder().sessionReceiver().queueName(QUEUE).disableAutoComplete()
                .maxAutoLockRenewDuration(lockRenewal).buildClient());
    }

}
