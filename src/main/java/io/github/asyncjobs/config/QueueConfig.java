package io.github.asyncjobs.config;

import java.time.Duration;
import java.util.Optional;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

import org.hibernate.validator.constraints.time.DurationMin;

import io.smallrye.config.WithDefault;

/**
 * Which transport carries jobs, and how. The channel settings in application.properties ({@code mp.messaging.*})
 * take these values, and the connectors read them there.
 */
public interface QueueConfig {
    /**
     * How long accepting waits for the queue to take a job's message before it answers 503 and takes the job back,
     * where recording and queueing are not one transaction. {@code jobs.requeue-after} must be longer.
     */
    @WithDefault("10s")
    @DurationMin(millis = 100)
    Duration sendTimeout();

    /** How long accepts are refused without trying once sends have been failing (the circuit breaker's open time). */
    @WithDefault("5s")
    @DurationMin(millis = 100)
    Duration breakerDelay();

    /**
     * How many times a job whose message the broker dead-lettered after too many deliveries, before the job ever
     * ran, is queued again rather than failed: a dependency outage, not the job, burnt those deliveries.
     */
    @WithDefault("3")
    @Min(0)
    @Max(100)
    int deadLetterRequeues();

    /** {@code embedded-queue} (default) or {@code azure-servicebus}. */
    @WithDefault("embedded-queue")
    @Pattern(regexp = "embedded-queue|azure-servicebus", message = "must be embedded-queue or azure-servicebus")
    String connector();

    Embedded embedded();

    ServiceBus servicebus();

    /** The durable in-process queue of the embedded default; its messages live under the data folder. */
    interface Embedded {
        @WithDefault("jobs")
        @NotBlank
        String queueName();

        /** Most messages it holds; accepting answers 503 beyond. */
        @WithDefault("100000")
        @Min(1)
        int capacity();
    }

    interface ServiceBus {
        /** Fully qualified namespace, e.g. {@code NAME.servicebus.windows.net}; reached with Entra ID. */
        Optional<String> namespace();

        /** Only for emulators and test brokers: must contain {@code UseDevelopmentEmulator=true}. */
        Optional<String> connectionString();

        /** The queue's name; its dead-letter queue is {@code <name>/$deadletterqueue}. */
        @WithDefault("jobs")
        @NotBlank
        String queueName();

        /**
         * The largest message the queue takes, in bytes: 262144 (256 KB) on the Standard tier, the queue's
         * {@code maxMessageSizeInKilobytes} times 1024 on Premium. A job whose message would be larger is refused
         * with 413 before anything is kept. The templates set it from the tier they deploy.
         */
        @WithDefault("262144")
        @Min(4096)
        long maxMessageSize();

        /** Timeout of one AMQP operation (send, settle, renew). */
        @WithDefault("10s")
        @DurationMin(millis = 100)
        Duration tryTimeout();

        /** Retries of a failed AMQP operation. */
        @WithDefault("2")
        @Min(0)
        @Max(10)
        int maxRetries();

        /** Messages fetched ahead of processing; 0 takes one per free processing slot. */
        @WithDefault("0")
        @Min(0)
        int prefetch();

        /**
         * How long the lock of a message still being processed is renewed. It must cover the attempt timeout plus
         * the longest back-off, or a slow job is delivered again while it still runs.
         */
        @WithDefault("15m")
        @DurationMin(seconds = 1)
        Duration lockRenewal();

        /** How often readiness probes the namespace. */
        @WithDefault("5s")
        @DurationMin(millis = 100)
        Duration healthInterval();

        /** How often the dead-letter queue is browsed for jobs to fail. */
        @WithDefault("10s")
        @DurationMin(millis = 100)
        Duration deadLetterPollInterval();

        /**
         * A sender, receiver or dead-letter browser that has only failed for this long is replaced by a new client
         * with a new connection: after an outage the SDK can hold on to a connection the namespace has closed.
         */
        @WithDefault("30s")
        @DurationMin(seconds = 1)
        Duration reconnectAfter();

        /** Fair share between callers: each caller's jobs go into sessions of their own (docs/architecture.md#per-caller-limits). */
        FairShare fairShare();
    }

    /**
     * Sessions keyed by caller on a queue that requires sessions ({@code requiresSession} in infra/): each processing
     * slot ({@code jobs.processor.concurrency} per instance) takes one session for one turn, then the next free one, so a
     * caller's backlog holds a slot for a turn at a time.
     */
    interface FairShare {

        /** Off only for a queue created without sessions (a queue's {@code requiresSession} cannot change). */
        @WithDefault("true")
        boolean enabled();

        /**
         * Sessions each caller's jobs are spread over. A session is processed by one slot at a time, one job at a
         * time, so this is how many jobs of one caller the whole fleet runs at once, and a long job holds up the
         * other jobs of its session. Fewer sessions (down to the processors' total slots) give other callers a larger
         * share (docs/reliability.md, noisy-neighbour drill); more make a caller's jobs wait behind a long one less often.
         */
        @WithDefault("64")
        @Min(1)
        @Max(1024)
        int sessionsPerCaller();

        /**
         * Jobs taken from a session before its slot moves on to the next free session: another caller's job waits
         * for at most about this many jobs per slot before a slot is free for it.
         */
        @WithDefault("4")
        @Min(1)
        int turn();

        /** A turn also ends when its session has had nothing to deliver for this long. */
        @WithDefault("100ms")
        @DurationMin(millis = 10)
        Duration idle();

        /**
         * The priority lane: a queue without sessions, {@code <queue-name>-priority} unless set, whose jobs every
         * processor runs before it starts another session turn. A caller's job goes there while the caller has
         * priority allowance left on the instance that accepts it.
         */
        Optional<String> priorityQueueName();

        /** Jobs a caller may send to the priority lane at once: their allowance when full. */
        @WithDefault("200")
        @Min(0)
        int priorityBurst();

        /** Jobs a second by which a caller's priority allowance fills up again. */
        @WithDefault("1")
        @Min(1)
        int priorityRate();
    }
}
