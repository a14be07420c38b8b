package io.github.asyncjobs.adapter.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.asyncjobs.config.JobsConfig;
import io.github.asyncjobs.job.Job;
import io.github.asyncjobs.job.Sha256;
import io.github.asyncjobs.job.store.IdempotencyClaim;
import io.github.asyncjobs.job.store.JobRecords;
import io.github.asyncjobs.job.store.StoreUnavailableException;

/**
 * Job records as JSON files under {@code <data-dir>/jobs}, read once at start and then served from memory.
 * One process owns a data folder: updates are serialised per job in memory and written before they are visible.
 */
public class LocalJobRecords implements JobRecords {

    private final Path jobsDirectory;
    private final Path keysDirectory;
    private final ObjectMapper mapper;
    private final Map<UUID, Job> jobs = new ConcurrentHashMap<>();
    private final Map<String, IdempotencyClaim> claims = new ConcurrentHashMap<>();

    public LocalJobRecords(JobsConfig config, ObjectMapper mapper) {
        this.jobsDirectory = config.storage().local().dataDir().resolve("jobs");
        this.keysDirectory = config.storage().local().dataDir().resolve("idempotency-keys");
        this.mapper = mapper;
        load(jobsDirectory, Job.class).forEach(job -> jobs.put(job.id(), job));
        load(keysDirectory, IdempotencyClaim.class).forEach(claim -> claims.put(claim.key(), claim));
    }

    @Override
    public boolean create(Job job) {
        var created = new AtomicBoolean();
        jobs.computeIfAbsent(job.id(), id -> {
            write(file(id), job);
            created.set(true);
            return job;
        });
        return created.get();
    }

    @Override
    public Optional<Job> find(UUID id) {
        return Optional.ofNullable(jobs.get(id));
    }

    @Override
    public Optional<Job> update(UUID id, UnaryOperator<Job> change) {
        return Optional.ofNullable(jobs.computeIfPresent(id, (key, current) -> {
            var next = change.apply(current);
            if (next == current || !current.status().canMoveTo(next.status())) {
                return current;
            }
            write(file(id), next);
            return next;
        }));
    }

    @Override
    public void delete(UUID id) {
        jobs.computeIfPresent(id, (key, current) -> {
            LocalFiles.delete(file(id));
            return null;
        });
    }

    @Override
    public Backlog backlog() {
        var unfinished = jobs.values().stream().filter(job -> !job.isTerminal()).map(Job::createdDateTime).toList();
        return new Backlog(unfinished.size(), unfinished.stream().min(Comparator.naturalOrder()));
    }

    @Override
    public List<Job> unfinishedCreatedBefore(Instant cutoff) {
        return jobs.values().stream()
                .filter(job -> !job.isTerminal() && job.createdDateTime().isBefore(cutoff))
                .sorted(Comparator.comparing(Job::createdDateTime))
                .toList();
    }

    @Override
    public Optional<IdempotencyClaim> claim(IdempotencyClaim claim) {
        var existing = new AtomicReference<IdempotencyClaim>();
        claims.compute(claim.key(), (key, current) -> {
            if (current != null) {
                existing.set(current);
                return current;
            }
            write(keyFile(key), claim);
            return claim;
        });
        return Optional.ofNullable(existing.get());
    }

    @Override
    public void release(IdempotencyClaim claim) {
        claims.computeIfPresent(claim.key(), (key, current) -> {
            if (!current.jobId().equals(claim.jobId())) {
                return current;
            }
            LocalFiles.delete(keyFile(key));
            return null;
        });
    }

    @Override
    public void checkAvailable() {
        LocalFiles.checkWritable(jobsDirectory);
    }

    private Path file(UUID id) {
        return jobsDirectory.resolve(id + ".json");
    }

    /** Keys are client input: name their files by digest. */
    private Path keyFile(String key) {
        return keysDirectory.resolve(Sha256.hex(key) + ".json");
    }

    private void write(Path target, Object value) {
        try {
            LocalFiles.write(target, mapper.writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private <T> List<T> load(Path directory, Class<T> type) {
        try {
            Files.createDirectories(directory);
            try (Stream<Path> files = Files.list(directory)) {
                return files.filter(f -> f.getFileName().toString().endsWith(".json")).map(f -> read(f, type)).toList();
            }
        } catch (IOException e) {
            throw new StoreUnavailableException("Cannot read " + directory, e);
        }
    }

    private <T> T read(Path file, Class<T> type) {
        try {
            return mapper.readValue(file.toFile(), type);
        } catch (IOException e) {
            throw new StoreUnavailableException("Cannot read " + file, e);
        }
    }
}
