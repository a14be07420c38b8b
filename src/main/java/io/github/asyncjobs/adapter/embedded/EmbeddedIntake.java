package io.github.asyncjobs.adapter.embedded;

import java.util.Optional;

import io.github.asyncjobs.config.JobsConfig;
import io.github.asyncjobs.job.Job;
import io.github.asyncjobs.job.JobIntake;
import io.github.asyncjobs.job.JobsUnavailableException;
import io.github.asyncjobs.job.queue.JobMessage;
import io.github.asyncjobs.job.queue.JobQueue;
import io.github.asyncjobs.job.store.IdempotencyClaim;

/**
 * Accepting in the embedded default: the idempotency key, the record and the queued message are written in one
 * transaction, so a crash leaves either all of them or none. The message is the same one the embedded queue's
 * channel would write, trace context included.
 */
public class EmbeddedIntake implements JobIntake {

    private final EmbeddedDatabase database;
    private final EmbeddedJobRecords records;
    private final EmbeddedQueue embeddedQueue;
    private final JobQueue queue;

    public EmbeddedIntake(EmbeddedDatabase database, EmbeddedJobRecords records, EmbeddedQueueConnector connector,
            JobQueue queue, JobsConfig config) {
        this.database = database;
        this.records = records;
        this.embeddedQueue = connector.queue(config.queue().embedded().queueName(), config.queue().embedded().capacity());
        this.queue = queue;
    }

    private record Written(Optional<IdempotencyClaim> earlier, Optional<Long> seq) {
    }

    @Override
    public Optional<IdempotencyClaim> accept(Job job, Optional<IdempotencyClaim> claim, JobMessage message) {
        var outgoing = queue.prepare(message);
        try (var scope = outgoing.call().context().makeCurrent()) {
            var written = database.write(sql -> {
                if (claim.isPresent()) {
                    var earlier = records.bind(sql, claim.get());
                    if (earlier.isPresent()) {
                        return new Written(earlier, Optional.empty());
                    }
                }
                records.insert(sql, job);
                return new Written(Optional.empty(), embeddedQueue.insert(sql, StoredMessage.outgoing(outgoing.metadata(), outgoing.body())));
            });
            written.seq().ifPresent(embeddedQueue::announce);
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
