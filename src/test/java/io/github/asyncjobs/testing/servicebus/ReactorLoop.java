package io.github.asyncjobs.testing.servicebus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.engine.BaseHandler;
import org.apache.qpid.proton.engine.Event;
import org.apache.qpid.proton.engine.Handler;
import org.apache.qpid.proton.reactor.Acceptor;
import org.apache.qpid.proton.reactor.Reactor;
import org.apache.qpid.proton.reactor.impl.AcceptorImpl;

/**
 * The proton-j reactor's thread, the only one that touches broker state. Other threads hand it work through a
 * queue drained by a reactor timer, since nothing on the reactor (schedule included) is thread-safe.
 */
final class ReactorLoop {

    private static final int TICK_MILLIS = 10;
    private static final long CALL_TIMEOUT_SECONDS = 30;

    private final Reactor reactor;
    private final Handler connectionHandler;
    private final ConcurrentLinkedQueue<FutureTask<?>> work = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private Acceptor acceptor;

    /** Starts the reactor thread; {@code onTick} runs on it every tick, after the handed-over work. */
    ReactorLoop(Handler connectionHandler, Runnable onTick) {
        this.connectionHandler = connectionHandler;
        try {
            reactor = Proton.reactor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        reactor.schedule(TICK_MILLIS, new BaseHandler() {
            @Override
            public void onTimerTask(Event event) {
                for (FutureTask<?> task; (task = work.poll()) != null; ) {
                    task.run();
                }
                onTick.run();
                event.getReactor().schedule(TICK_MILLIS, this);
            }
        });
        thread = new Thread(this::run, "test-servicebus-reactor");
        thread.setDaemon(true);
        thread.start();
    }

    /** Runs {@code task} on the reactor thread and returns its result. */
    <T> T call(Callable<T> task) {
        if (!thread.isAlive()) {
            throw new IllegalStateException("The test Service Bus is closed");
        }
        var future = new FutureTask<>(task);
        work.add(future);
        try {
            return future.get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } catch (TimeoutException | CancellationException e) {
            throw new IllegalStateException("The test Service Bus reactor thread did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    void execute(Runnable task) {
        call(() -> {
            task.run();
            return null;
        });
    }

    /** Starts accepting connections (SASL ANONYMOUS) on the port, 0 for a free one; returns the bound port. */
    int listen(String host, int port) {
        return call(() -> {
            if (acceptor != null) {
                throw new IllegalStateException("Already listening");
            }
            acceptor = reactor.acceptor(host, port, connectionHandler);
            return ((AcceptorImpl) acceptor).getPortNumber();
        });
    }

    void stopListening() {
        execute(() -> {
            if (acceptor != null) {
                acceptor.close();
                acceptor = null;
            }
        });
    }

    /** Stops the reactor for good; the caller closes connections and the acceptor first. */
    void shutdown() {
        if (thread.isAlive()) {
            execute(reactor::stop);
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(CALL_TIMEOUT_SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            reactor.run();
        } catch (RuntimeException e) {
            System.getLogger(ReactorLoop.class.getName()).log(System.Logger.Level.ERROR, "Test Service Bus failed", e);
        } finally {
            reactor.free();
            work.forEach(task -> task.cancel(false));
        }
    }
}
