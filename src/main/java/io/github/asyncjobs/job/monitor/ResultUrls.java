package io.github.asyncjobs.job.monitor;

import java.net.URI;

import jakarta.enterprise.context.ApplicationScoped;

import io.github.asyncjobs.config.JobsConfig;
import io.github.asyncjobs.job.Job;
import io.github.asyncjobs.job.lifecycle.JobMetrics;
import io.github.asyncjobs.job.store.ResultStore;
import io.github.asyncjobs.job.store.StoreUnavailableException;

/** Freshly signed URLs of succeeded jobs' results, for the monitor, the status redirect and completion notifications. */
@ApplicationScoped
public class ResultUrls {

    private final ResultStore results;
    private final JobMetrics metrics;
    private final JobsConfig config;

    public ResultUrls(ResultStore results, JobMetrics metrics, JobsConfig config) {
        this.results = results;
        this.metrics = metrics;
        this.config = config;
    }

    /**
     * A URL of {@code job}'s result, valid for {@code jobs.results.url-validity}; it may be relative to the service's base URL.
     *
     * @throws StoreUnavailableException when the store cannot sign it now
     */
    public URI signed(Job job) {
        var url = results.signedUrl(job, config.results().urlValidity());
        metrics.resultUrlSigned(job.type());
        return url;
    }
}
