package io.github.asyncjobs.storage;

import static io.github.asyncjobs.telemetry.DependencyCalls.STORE;

import java.net.URI;
import java.time.Duration;

import io.github.asyncjobs.job.Job;
import io.github.asyncjobs.job.ResultFile;
import io.github.asyncjobs.telemetry.DependencyCalls;

/** Results whose every call is timed and, inside a job's trace, a span ("store result.put" ...). */
final class ObservedResultStore implements ResultStore {

    private final ResultStore results;
    private final DependencyCalls calls;

    ObservedResultStore(ResultStore results, DependencyCalls calls) {
        this.results = results;
        this.calls = calls;
    }

    @Override
    public void put(Job job, ResultFile file, byte[] content) {
        calls.run(STORE, "result.put", ObservedJobRecords.of(job.id()), () -> results.put(job, file, content));
    }

    @Override
    public void delete(Job job) {
        calls.run(STORE, "result.delete", ObservedJobRecords.of(job.id()), () -> results.delete(job));
    }

    @Override
    public URI signedUrl(Job job, Duration validity) {
        return calls.call(STORE, "result.sign", ObservedJobRecords.of(job.id()), () -> results.signedUrl(job, validity));
    }

    /** Readiness probes are neither timed nor traced: they are not work. */
    @Override
    public void checkAvailable() {
        results.checkAvailable();
    }
}
