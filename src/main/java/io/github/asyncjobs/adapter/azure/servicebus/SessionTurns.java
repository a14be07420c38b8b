package io.github.asyncjobs.adapter.azure.servicebus;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;

import com.azure.messaging.servicebus.ServiceBusClientBuilder;
import com.azure.messaging.servicebus.ServiceBusReceivedMessage;
import com.azure.messaging.servicebus.ServiceBusReceiverAsyncClient;
import com.azure.messaging.servicebus.ServiceBusSessionReceiverAsyncClient;
import com.azure.messaging.servicebus.models.ServiceBusReceiveMode;

import io.quarkus.logging.Log;
import reactor.core.Disposable;
import reactor.core.Disposables;
import org.reactivestreams.Subscription;

import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Schedulers;

/**
 * Receives from a queue that requires sessions, in turns: each of {@code max-concurrency} slots takes the next free
 * session, processes at most a turn of its messages one at a time (fewer when the session runs dry for
 * {@code session-idle}), lets it go and takes the next. So a caller's backlog holds a slot for a turn, not until it is
 * drained, and every caller with work gets slots in turn; a long job holds its own slot only, as with the processor.
 * The SDK's session processor keeps a session until it is idle, which is why this is not it. The session's lock is
 * renewed while a turn runs. Jobs in the priority lane take slots from the turns ({@link SharedSlots}).
 */
final class SessionTurns implements AutoCloseable {

    /** Before trying again after a failure that was not just "no session free" (the namespace is unreachable, say). */
    private static final long RETRY_MILLIS = 1000;

    private final ServiceBusSessionReceiverAsyncClient sessions;
    private final ServiceBusSettings settings;
    private final ServiceBusSettings.Sessions turns;
    private final BiFunction<ServiceBusReceivedMessage, MessageLock, CompletableFuture<Void>> deliver;
    private final StuckClientGuard guard;
    private final ScheduledExecutorService timer;
    private final SharedSlots shared;
    private final List<Slot> slots = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    SessionTurns(ServiceBusClientBuilder builder, ServiceBusSettings settings,
            BiFunction<ServiceBusReceivedMessage, MessageLock, CompletableFuture<Void>> deliver, StuckClientGuard guard,
            ScheduledExecutorService timer, SharedSlots shared) {
        this.settings = settings;
        this.shared = shared;
        this.turns = settings.sessions().orElseThrow();
        this.deliver = deliver;
        this.guard = guard;
        this.timer = timer;
        this.sessions = builder.sessionReceiver()
                .queueName(settings.queue())
                .receiveMode(ServiceBusReceiveMode.PEEK_LOCK)
                .disableAutoComplete()
                .prefetchCount(0)
                .maxAutoLockRenewDuration(settings.maxLockRenewal())
                .buildAsyncClient();
    }

    /** One slot: its current turn (or its wait for a session), and whether {@link SharedSlots} counts it. */
    private final class Slot {

        final Disposable.Swap turn = Disposables.swap();
        final AtomicBoolean counted = new AtomicBoolean();

        /** Once per counted turn, whether it ended or the slot was closed. */
        void turnEnded() {
            if (counted.compareAndSet(true, false)) {
                shared.turnEnded();
            }
        }
    }

    void start() {
        for (int i = 0; i < settings.maxConcurrency(); i++) {
            var slot = new Slot();
            slots.add(slot);
            nextTurn(slot);
        }
    }

    /** Waits, without a session, while the priority lane holds the slots the turns would need. */
    private void nextTurn(Slot slot) {
        if (closed || !shared.startTurnOrWait(() -> nextTurn(slot))) {
            return;
        }
        slot.counted.set(true);
        var turn = sessions.acceptNextSession()
                .flatMap(receiver -> turn(receiver).doFinally(signal -> receiver.close()))
                .subscribe(null, failure -> {
                    slot.turnEnded();
                    failed(slot, failure);
                }, () -> {
                    slot.turnEnded();
                    nextTurn(slot);
                });
        if (!slot.turn.replace(turn)) {
            slot.turnEnded(); // closed meanwhile: the turn was disposed at once, and its room goes back
        }
    }

    /** A turn: up to {@code turn} messages, one at a time, each settled before the next and before the session is let go. */
    private Mono<Void> turn(ServiceBusReceiverAsyncClient receiver) {
        return Mono.<Void>create(sink -> receiver.receiveMessages().subscribe(new Turn(receiver, sink)))
                // The turn ends on a settling or timer thread; closing the receiver waits for the link's detach.
                .publishOn(Schedulers.boundedElastic());
    }

    /**
     * Asks the session for one message at a time, and only while none is in flight: the SDK closes the session's link
     * when its receive is cancelled, which would release a message still being processed.
     */
    private final class Turn extends BaseSubscriber<ServiceBusReceivedMessage> {

        private final ServiceBusReceiverAsyncClient receiver;
        private final MonoSink<Void> sink;
        private int taken;
        private ScheduledFuture<?> idle;
        private boolean ended;

        Turn(ServiceBusReceiverAsyncClient receiver, MonoSink<Void> sink) {
            this.receiver = receiver;
            this.sink = sink;
        }

        @Override
        protected void hookOnSubscribe(Subscription subscription) {
            next();
        }

        private synchronized void next() {
            if (ended) {
                return;
            }
            if (taken == turns.turn() || closed || shared.crowded()) {
                end();
                return;
            }
            request(1);
            idle = timer.schedule(this::end, turns.idle().toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        protected synchronized void hookOnNext(ServiceBusReceivedMessage message) {
            idle.cancel(false);
            // Arriving after the turn ended, the message goes back when the receiver closes (counted as a delivery).
            if (!ended) {
                taken++;
                deliver.apply(message, MessageLock.of(receiver, message, settings.tryTimeout())).whenComplete((settled, failure) -> next());
            }
        }

        @Override
        protected void hookOnError(Throwable failure) {
            // The session's lock or link was lost: what was unsettled comes back by itself.
            guard.failed();
            Log.debugf("A Service Bus session turn ended early: %s", failure.getMessage());
            sink.success();
        }

        @Override
        protected void hookOnComplete() {
            sink.success();
        }

        private synchronized void end() {
            if (!ended) {
                ended = true;
                cancel();
                sink.success();
            }
        }
    }

    private void failed(Slot slot, Throwable failure) {
        if (failure instanceof TimeoutException || failure.getCause() instanceof TimeoutException) {
            nextTurn(slot); // no session was free within the try timeout
            return;
        }
        guard.failed();
        Log.debugf("Could not take a Service Bus session from %s: %s", settings.queue(), failure.getMessage());
        if (!closed) {
            timer.schedule(() -> nextTurn(slot), RETRY_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void close() {
        closed = true;
        // A replaced client's slots give their room back to the new client's.
        slots.forEach(slot -> {
            slot.turnEnded();
            slot.turn.dispose();
        });
        sessions.close();
    }
}
