package io.github.asyncjobs.adapter.embedded;

/** The embedded queue holds as many messages as it was allowed to. */
class QueueFullException extends RuntimeException {

    QueueFullException(int capacity) {
        super("The embedded queue is full (" + capacity + " messages)");
    }
}
