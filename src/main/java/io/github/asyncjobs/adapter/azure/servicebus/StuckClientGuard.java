package io.github.asyncjobs.adapter.azure.servicebus;

import java.time.Duration;
import java.time.Instant;

/**
 * Tells when an SDK client should be replaced: it has failed and not once succeeded for {@code reconnectAfter}. After a
 * broker outage the SDK can keep a connection it no longer has (seen after a namespace closed its side without an AMQP
 * close: every send timed out, no reconnect, for as long as we watched); a new client makes a new connection. While the
 * namespace stays down this replaces the client at most once per {@code reconnectAfter}; when it is healthy, never.
 * Only real work counts as success (a send, a delivery, a browse): a probe may be answered from the SDK's cached link.
 */
final class StuckClientGuard {

    private final Duration reconnectAfter;
    private volatile Instant failingSince;

    StuckClientGuard(Duration reconnectAfter) {
        this.reconnectAfter = reconnectAfter;
    }

    void succeeded() {
        failingSince = null;
    }

    void failed() {
        if (failingSince == null) {
            failingSince = Instant.now();
        }
    }

    /** True once per failing stretch of {@code reconnectAfter}; the caller then replaces the client. */
    synchronized boolean stuck() {
        var since = failingSince;
        if (since == null || Instant.now().isBefore(since.plus(reconnectAfter))) {
            return false;
        }
        failingSince = null;
        return true;
    }
}
