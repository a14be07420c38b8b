package io.github.asyncjobs.adapter.embedded;

import java.time.Instant;
import java.util.Optional;

import io.github.asyncjobs.config.JobsConfig;
import io.github.asyncjobs.job.Job;
import io.github.asyncjobs.job.JobsUnavailableException;
import io.github.asyncjobs.job.callback.CallbackDelivery;
import io.github.asyncjobs.job.intake.IdempotencyKeys;
import io.github.asyncjobs.job.intake.JobIntake;
import io.github.asyncjobs.job.queue.JobMessage;
import io.github.asyncjobs.job.queue.JobQueue;
import io.github.asyncjobs.job.store.IdempotencyClaim;

/**
 * Accepting in the embedded default: the idempotency key, the record, the callback delivery (when the job asked to be
 * notified) and the queued message are written in one transaction, so a crash leaves either all of them or none. The
 * message is the same one the embedded queue's channel would write, trace context included.
 */
public class EmbeddedIntake implements JobIntake {

    private final EmbeddedDatabase database;
    private final EmbeddedJobRecords records;
    private final EmbeddedCallbackDeliveries callbacks;
    private final EmbeddedQueue embeddedQueue;
    private final JobQueue queue;
    private final IdempotencyKeys keys;

    public EmbeddedIntake(EmbeddedDatabase database, EmbeddedJobRecords records, EmbeddedCallbackDeliveries callbacks,
            EmbeddedQueueConnector connector, JobQueue queue, JobsConfig config) {
        this.keys = new IdempotencyKeys(config.idempotency());
        this.database = database;
        this.records = records;
        this.callbacks = callbacks;
        this.embeddedQueue = connector.queue(config.queue().embedded().queueName(), config.queue().embedded().capacity());
        this.queue = queue;
    }

    /** Nothing to do: recording and queueing are one transaction here. */
    @Override
    public int requeueUnqueued(Instant recordedBefore) {
        return 0;
    }

    private record Written(Optional<IdempotencyClaim> earlier, Optional<Long> seq) {
    }

    @Override
    public Optional<IdempotencyClaim> accept(Job job, Optional<IdempotencyClaim> claim, JobMessage message) {
        var outgoing = queue.prepare(message);
        var stored = StoredMessage.outgoing(outgoing.metadata(), outgoing.body());
        try (var scope = outgoing.call().context().makeCurrent()) {
            var written = database.write(sql -> {
                if (claim.isPresent()) {
                    var earlier = records.bind(sql, claim.get());
                    if (earlier.isPresent()) {
                        // Key and record are written in one transaction here: a binding always has its job.
                        if (!keys.superseded(earlier.get(), Instant.now(), () -> true)
                                || !records.replace(sql, earlier.get(), claim.get())) {
                            return new Written(earlier, Optional.empty());
                        }
                    }
                }
                records.insert(sql, job, null);
                if (job.callback() != null) {
                    callbacks.insert(sql, CallbackDelivery.armed(job));
                }
                return new Written(Optional.empty(), embeddedQueue.insert(sql, stored));
            });
            written.seq().ifPresent(seq -> embeddedQueue.announce(seq, stored));
            outgoing.call().end(null);
            return written.earlier();
        } catch (QueueFullException e) {
            outgoing.call().end(e);
            throw new JobsUnavailableException("The queue cannot take the job: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            outgoing.call().end(e);
            throw e;
        }
    }
}
