package io.github.asyncjobs.job.queue;

import java.util.OptionalLong;

/**
 * A queue connector whose broker limits the size of a message (Service Bus: 256 KB on Standard), so that a job whose
 * message would not fit is refused before anything is kept, rather than by the broker after it was recorded.
 */
public interface MessageSizeLimit {

    /** The most bytes a message on {@code queue} may take; empty when this connector sets no limit there. */
    OptionalLong limit(String queue);

    /** The bytes a message with this metadata and body takes as the broker counts it against {@link #limit}. */
    long size(QueueMessageMetadata metadata, byte[] body);
}
