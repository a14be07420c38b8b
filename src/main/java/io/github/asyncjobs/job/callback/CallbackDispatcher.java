package io.github.asyncjobs.job.callback;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.asyncjobs.config.CallbacksConfig;
import io.github.asyncjobs.config.JobsConfig;
import io.github.asyncjobs.job.Job;
import io.github.asyncjobs.job.JobOwner;
import io.github.asyncjobs.job.JobStatus;
import io.github.asyncjobs.job.Requester;
import io.github.asyncjobs.job.JobsUnavailableException;
import io.github.asyncjobs.job.lifecycle.JobEnded;
import io.github.asyncjobs.job.lifecycle.JobMetrics;
import io.github.asyncjobs.job.monitor.ResultUrls;
import io.github.asyncjobs.job.store.JobRecords;
import io.github.asyncjobs.job.store.StoreUnavailableException;
import io.github.asyncjobs.telemetry.JobLogContext;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.vertx.core.Vertx;

/**
 * Sends the completion notifications of ended jobs, at least once, from their durable delivery records: at once when a
 * job ends on this instance ({@link #jobEnded}), and from a sweep every {@code jobs.callbacks.check-interval} that takes
 * up retries that are due and whatever a crash left behind. The first attempt is left to the instance that ended the
 * job for twice the attempt timeout; the sweep of another instance steps in only after that (that instance died), so
 * that instances do not race for it. Any number of instances may run it: each attempt is first
 * claimed with a conditional write ({@link CallbackDeliveries#replace}) that only one of them wins, and the claim lapses
 * after twice the attempt timeout, so that an attempt cut off by a crash is made again by whoever looks next.
 */
@ApplicationScoped
public class CallbackDispatcher {

    /** Deliveries looked at per sweep at most; the next sweep takes the rest. */
    private static final int BATCH = 500;
    /** Longest the sweep leaves the delivery of an unfinished job unread (stores that cannot tell which jobs ended). */
    private static final Duration MAX_WAITING_CHECK = Duration.ofMinutes(1);

    private final CallbackDeliveries deliveries;
    private final JobRecords records;
    private final ResultUrls resultUrls;
    private final CallbackTargets targets;
    private final CallbackSecrets secrets;
    private final CallbackEvents events;
    private final CallbackSender sender;
    private final DeliverySlots slots;
    private final RetrySchedule schedule;
    private final JobMetrics metrics;
    private final CallbacksConfig config;
    /** A delivery whose job never appeared this long after it was armed belongs to an accept that failed. */
    private final Duration orphanedAfter;
    private final ThreadPoolExecutor executor;
    private final Set<UUID> inProgress = ConcurrentHashMap.newKeySet();
    /** When this instance looks again at deliveries it found not due: spares a store read per sweep. */
    private final Map<UUID, Instant> notBefore = new ConcurrentHashMap<>();

    public CallbackDispatcher(CallbackDeliveries deliveries, JobRecords records, ResultUrls resultUrls, CallbackTargets targets,
            CallbackSecrets secrets, JobMetrics metrics, ObjectMapper mapper, JobsConfig config, Vertx vertx) {
        this.deliveries = deliveries;
        this.records = records;
        this.resultUrls = resultUrls;
        this.targets = targets;
        this.secrets = secrets;
        this.metrics = metrics;
        this.config = config.callbacks();
        this.events = new CallbackEvents(mapper);
        this.sender = new CallbackSender(this.config, vertx);
        this.slots = new DeliverySlots(this.config.perHostConcurrency(), this.config.perCallerConcurrency());
        this.schedule = new RetrySchedule(this.config.initialBackoff(), this.config.maxBackoff());
        this.orphanedAfter = config.requeueAfter();
        this.executor = new ThreadPoolExecutor(this.config.concurrency(), this.config.concurrency(), 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), runnable -> {
                    var thread = new Thread(runnable, "callback-delivery");
                    thread.setDaemon(true);
                    return thread;
                });
        executor.allowCoreThreadTimeOut(true);
    }

    /** A job ended on this instance: its notification goes now rather than at the next sweep. */
    void jobEnded(@Observes JobEnded ended) {
        var job = ended.job();
        if (job.callback() != null) {
            notBefore.remove(job.id());
            submit(job.id(), true);
        }
    }

    @Scheduled(every = "${jobs.callbacks.check-interval}", delayed = "${jobs.callbacks.check-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        var now = Instant.now();
        try {
            for (var id : deliveries.pending(now, BATCH)) {
                var next = notBefore.get(id);
                if (next == null || !next.isAfter(now)) {
                    submit(id, false);
                }
            }
        } catch (StoreUnavailableException e) {
            Log.warnf("Could not look for notifications to send (the next check tries again): %s", e.getMessage());
        }
    }

    /** @param endedHere whether this instance ended the job (and so makes the first attempt) */
    private void submit(UUID id, boolean endedHere) {
        if (!inProgress.add(id)) {
            return;
        }
        try {
            executor.execute(() -> {
                try (var log = JobLogContext.open(id)) {
                    deliverIfDue(id, endedHere);
                } catch (StoreUnavailableException | JobsUnavailableException e) {
                    Log.warnf("Could not go on with the notification of job %s (tried again later): %s", id, e.getMessage());
                } catch (RuntimeException e) {
                    Log.errorf(e, "Notifying about job %s failed unexpectedly; tried again later", id);
                } finally {
                    inProgress.remove(id);
                }
            });
        } catch (RejectedExecutionException e) {
            inProgress.remove(id); // shutting down: the delivery stays recorded for the next start
        }
    }

    private void deliverIfDue(UUID id, boolean endedHere) {
        var now = Instant.now();
        var pending = deliveries.find(id).filter(CallbackDelivery::isPending);
        if (pending.isEmpty()) {
            notBefore.remove(id);
            return;
        }
        var delivery = pending.get();
        if (delivery.nextAttemptAt().isAfter(now)) {
            notBefore.put(id, delivery.nextAttemptAt());
            return;
        }
        var job = records.find(id);
        if (job.isEmpty()) {
            if (delivery.nextAttemptAt().isBefore(now.minus(orphanedAfter))) {
                deliveries.delete(id);
                notBefore.remove(id);
            }
            return;
        }
        if (!job.get().isTerminal()) {
            notBefore.put(id, now.plus(waitingCheck(job.get(), now)));
            return;
        }
        var firstAttemptLeftUntil = job.get().lastUpdatedDateTime().plus(config.attemptTimeout().multipliedBy(2));
        if (!endedHere && delivery.attempts() == 0 && firstAttemptLeftUntil.isAfter(now)) {
            notBefore.put(id, firstAttemptLeftUntil);
            return;
        }
        notBefore.remove(id);
        deliver(job.get(), delivery, now);
    }

    private void deliver(Job job, CallbackDelivery delivery, Instant now) {
        var url = job.callback().url();
        var deadline = job.lastUpdatedDateTime().plus(config.retryFor());
        var destination = targets.destination(url);
        if (destination.refusal().isPresent() || now.isAfter(deadline)) {
            var reason = destination.refusal().map(problem -> "the URL " + problem + " now").orElse("not delivered within " + config.retryFor());
            save(job, delivery, delivery.gaveUp(now, reason));
            return;
        }
        var slot = slots.take(url.getHost().toLowerCase(Locale.ROOT), Requester.listedAs(job.owner()));
        if (slot.isEmpty()) {
            notBefore.put(job.id(), now.plus(config.attemptTimeout())); // by then a slot is free
            return;
        }
        try (var taken = slot.get()) {
            // Built before the claim: signing the result URL needs the store, and a failure here should cost no attempt.
            var resultUrl = job.status() == JobStatus.Succeeded ? job.callback().resolve(resultUrls.signed(job)) : null;
            var event = events.event(job, delivery, resultUrl);
            var claimed = delivery.claim(now.plus(config.attemptTimeout().multipliedBy(2)));
            if (!deliveries.replace(delivery, claimed)) {
                return; // another instance took this attempt
            }
            save(job, claimed, outcome(claimed, url, destination.address(), job.owner(), event, deadline));
        }
    }

    /** What the receiver's answer (or the lack of one) makes of the claimed attempt. */
    private CallbackDelivery outcome(CallbackDelivery claimed, URI url, Optional<InetAddress> address, JobOwner owner,
            byte[] event, Instant deadline) {
        String failure;
        Optional<String> retryAfter = Optional.empty();
        try {
            var checked = address.orElseThrow(() -> new UnknownHostException("not resolved"));
            var answer = sender.send(url, checked, secrets.of(owner), claimed.eventId().toString(), event);
            if (answer.status() / 100 == 2) {
                return claimed.delivered(Instant.now());
            }
            failure = "HTTP " + answer.status();
            if (answer.status() != 429 && answer.status() < 500) {
                return claimed.gaveUp(Instant.now(), failure); // 410 Gone, and the other answers that will not change
            }
            retryAfter = answer.retryAfter();
        } catch (TimeoutException e) {
            failure = "no answer within " + config.attemptTimeout().toMillis() + " ms";
        } catch (IOException e) {
            failure = "could not be reached (" + e.getClass().getSimpleName() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = "interrupted by a shutdown";
        }
        var now = Instant.now();
        var next = now.plus(schedule.after(claimed.attempts(), retryAfter, now));
        return next.isAfter(deadline) ? claimed.gaveUp(now, failure + "; not delivered within " + config.retryFor())
                : claimed.retryAt(next, failure);
    }

    /** Stores the outcome if this instance's claim still holds, and says so: the job's id, the host, never the event. */
    private void save(Job job, CallbackDelivery current, CallbackDelivery outcome) {
        if (!deliveries.replace(current, outcome)) {
            Log.warnf("The notification of job %s took longer than its claim; another instance may send it again", job.id());
            return;
        }
        var host = job.callback().url().getHost();
        switch (outcome.status()) {
            case Delivered -> {
                metrics.callback("delivered");
                Log.infof("Notified %s that job %s ended (attempt %d)", host, job.id(), outcome.attempts());
            }
            case GaveUp -> {
                metrics.callback("gave-up");
                Log.warnf("Gave up notifying %s that job %s ended, after %d attempt(s): %s", host, job.id(), outcome.attempts(),
                        outcome.lastError());
            }
            case Pending -> {
                metrics.callback("retry");
                notBefore.put(job.id(), outcome.nextAttemptAt());
                Log.infof("Attempt %d to notify %s that job %s ended failed (%s); the next one at %s", outcome.attempts(), host,
                        job.id(), outcome.lastError(), outcome.nextAttemptAt());
            }
        }
    }

    /** How soon to look again at the delivery of an unfinished job: a quarter of its age, within bounds. */
    private Duration waitingCheck(Job job, Instant now) {
        var quarter = Duration.between(job.createdDateTime(), now).dividedBy(4);
        return quarter.compareTo(config.checkInterval()) < 0 ? config.checkInterval()
                : quarter.compareTo(MAX_WAITING_CHECK) > 0 ? MAX_WAITING_CHECK : quarter;
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }
}
