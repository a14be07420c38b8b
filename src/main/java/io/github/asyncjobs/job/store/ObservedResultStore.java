package io.github.asyncjobs.job.store;

import static io.github.asyncjobs.telemetry.DependencyCalls.STORE;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import io.github.asyncjobs.job.Job;
import io.github.asyncjobs.job.ResultFile;
import io.github.asyncjobs.telemetry.DependencyCalls;

/** Results whose every call is timed and, inside a job's trace, a span ("store result.put" ...). */
public final class ObservedResultStore implements ResultStore {

    private final ResultStore results;
    private final DependencyCalls calls;

    public ObservedResultStore(ResultStore results, DependencyCalls calls) {
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

    @Override
    public Optional<SignedResult> open(String type, String id, String expiry, String mediaType, String fileName,
            String signature) {
        return results.open(type, id, expiry, mediaType, fileName, signature);
    }

    /** Readiness probes are neither timed nor traced: they are not work. */
    @Override
    public void checkAvailable() {
        results.checkAvailable();
    }
}
