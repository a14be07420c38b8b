package io.github.asyncjobs.job.queue;

/**
 * CDI event the processor fires at shutdown, before the channels close: connectors that deliver job messages take no
 * more, while those already delivered are still settled (acknowledged, or handed back with {@link HandBack}).
 */
public record StopReceiving() {
}
