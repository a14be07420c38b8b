package io.github.asyncjobs.adapter.embedded;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

import io.agroal.api.AgroalDataSource;
import io.github.asyncjobs.config.JobsConfig;
import io.github.asyncjobs.config.StorageConfig;
import io.github.asyncjobs.job.store.StoreUnavailableException;
import io.quarkus.logging.Log;

/**
 * The embedded default's SQLite database, {@code <data-dir>/jobs.db} in WAL mode: job records, idempotency keys and
 * the embedded queue, migrated by Flyway ({@code db/embedded}). SQLite has one writer, so every write runs on one
 * thread; the writes that arrive while a commit is under way go into the next transaction together (group commit:
 * one fsync for all of them), each in a savepoint of its own so that one failing write fails only itself.
 * A write returns once it is committed. Reads run on the caller's thread on pooled connections, each seeing the
 * last commit. One process owns a data folder (a lock file says which), as the embedded queue's delivery needs.
 */
@ApplicationScoped
public class EmbeddedDatabase {

    /** Most writes in one transaction: bounds how long one commit holds the writes behind it. */
    private static final int MAX_GROUP = 512;
    private static final String FILE = "jobs.db";
    private static final int SQLITE_CORRUPT = 11;
    private static final int SQLITE_NOTADB = 26;

    /** Work against the database; {@code sql} prepares statements. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Sql sql) throws SQLException;
    }

    /** Prepares statements on the connection a piece of work runs on. */
    public interface Sql {
        PreparedStatement statement(String sql) throws SQLException;
    }

    private record Write<T>(Work<T> work, CompletableFuture<T> done) {
    }

    private final Instance<AgroalDataSource> dataSource;
    private final Instance<Flyway> flyway;
    private final StorageConfig.Local config;
    private final LinkedBlockingQueue<Write<?>> writes = new LinkedBlockingQueue<>();
    private final Map<String, PreparedStatement> writerStatements = new HashMap<>();
    private Connection writer;
    private FileChannel lockFile;
    private FileLock ownership;
    private Thread writerThread;

    public EmbeddedDatabase(Instance<AgroalDataSource> dataSource, Instance<Flyway> flyway, JobsConfig config) {
        this.dataSource = dataSource;
        this.flyway = flyway;
        this.config = config.storage().local();
    }

    @PostConstruct
    void open() {
        var folder = config.dataDir();
        try {
            Files.createDirectories(folder);
            lockFile = FileChannel.open(folder.resolve("jobs.db.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            ownership = lockFile.tryLock();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot open the data folder " + folder + ": " + e.getMessage(), e);
        }
        if (ownership == null) {
            throw new IllegalStateException("The data folder " + folder.toAbsolutePath()
                    + " is in use by another process; each instance of the embedded default needs a folder of its own");
        }
        try {
            try {
                connectAndMigrate(folder);
            } catch (SQLException | FlywayException e) {
                if (!isCorrupt(e)) {
                    throw e;
                }
                quarantine(folder, e);
                connectAndMigrate(folder);
            }
        } catch (SQLException | FlywayException e) {
            throw new IllegalStateException("Cannot open the embedded database in " + folder + ": " + e.getMessage(), e);
        }
        writerThread = new Thread(this::writeLoop, "embedded-db-writer");
        writerThread.setDaemon(true);
        writerThread.start();
    }

    private void connectAndMigrate(Path folder) throws SQLException {
        writer = dataSource.get().getConnection();
        try (var statement = writer.createStatement()) {
            // WAL lets readers go on while the writer commits; it is a property of the file, kept from now on.
            statement.execute("PRAGMA journal_mode=WAL");
            statement.execute("PRAGMA synchronous=" + config.synchronous());
            statement.execute("PRAGMA busy_timeout=" + config.lockTimeout().toMillis());
        }
        var result = flyway.get().migrate();
        if (result.migrationsExecuted > 0) {
            Log.infof("Embedded database %s migrated to version %s", folder.resolve(FILE), result.targetSchemaVersion);
        }
        writer.setAutoCommit(false);
    }

    /** SQLite's own verdict: SQLITE_CORRUPT or SQLITE_NOTADB, anywhere in the chain of causes. */
    private static boolean isCorrupt(Throwable failure) {
        for (var cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && ((sql.getErrorCode() & 0xff) == SQLITE_CORRUPT
                    || (sql.getErrorCode() & 0xff) == SQLITE_NOTADB)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A database file that is not one, or whose pages are torn, must not keep the service from starting: it is moved
     * aside, whole, with its write-ahead log, for an operator to look at or recover with the sqlite3 tool, and a new
     * database is made. The jobs it held are unknown to the new one: an ERROR, since someone must look.
     */
    private void quarantine(Path folder, Exception failure) throws SQLException {
        if (writer != null) {
            writer.close();
            writer = null;
        }
        dataSource.get().flush(AgroalDataSource.FlushMode.ALL);
        var aside = folder.resolve("quarantine").resolve(Instant.now().toString().replace(':', '-'));
        try {
            Files.createDirectories(aside);
            for (var name : List.of(FILE, FILE + "-wal", FILE + "-shm")) {
                if (Files.exists(folder.resolve(name))) {
                    Files.move(folder.resolve(name), aside.resolve(name));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot move the damaged database " + folder.resolve(FILE) + " aside: " + e.getMessage(), e);
        }
        Log.errorf("The embedded database %s is damaged (%s); moved it to %s and started a new one. The jobs it held are"
                + " not known to this instance; recover them from the copy with the sqlite3 tool if they matter",
                folder.resolve(FILE), failure.getMessage(), aside);
    }

    /** Runs {@code work} in the next group commit and returns its result once that is committed. */
    public <T> T write(Work<T> work) {
        var write = new Write<>(work, new CompletableFuture<T>());
        writes.add(write);
        try {
            return write.done().get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure : unavailable(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("Interrupted while waiting for a commit", e);
        }
    }

    /** Runs one statement with one parameter (such as a job's id) in the next group commit; how many rows it changed. */
    int update(String statement, String parameter) {
        return write(sql -> {
            var update = sql.statement(statement);
            update.setString(1, parameter);
            return update.executeUpdate();
        });
    }

    /** Runs {@code work} on a pooled connection of its own, in autocommit mode. */
    public <T> T read(Work<T> work) {
        var opened = new ArrayList<PreparedStatement>(1);
        try (var connection = dataSource.get().getConnection()) {
            try {
                return work.run(sql -> {
                    var statement = connection.prepareStatement(sql);
                    opened.add(statement);
                    return statement;
                });
            } finally {
                for (var statement : opened) {
                    statement.close();
                }
            }
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    private void writeLoop() {
        var group = new ArrayList<Write<?>>(MAX_GROUP);
        while (!Thread.currentThread().isInterrupted()) {
            try {
                group.add(writes.take());
            } catch (InterruptedException e) {
                break;
            }
            writes.drainTo(group, MAX_GROUP - 1);
            commit(group);
            group.clear();
        }
        writes.forEach(w -> w.done().completeExceptionally(new StoreUnavailableException("The embedded database is closed", null)));
    }

    /**
     * Commits a group. A write that throws a RuntimeException (a rule of the store, such as a full queue) is rolled
     * back to its savepoint alone; an SQLException (I/O, a lock held too long) fails the whole group at once rather
     * than letting each write behind it wait out the lock timeout again.
     */
    private void commit(List<Write<?>> group) {
        var outcomes = new ArrayList<Runnable>(group.size());
        try {
            for (var write : group) {
                outcomes.add(runInSavepoint(write));
            }
            writer.commit();
            outcomes.forEach(Runnable::run);
        } catch (SQLException e) {
            rollback();
            var failure = unavailable(e);
            group.forEach(w -> w.done().completeExceptionally(failure));
        }
    }

    private <T> Runnable runInSavepoint(Write<T> write) throws SQLException {
        var savepoint = writer.setSavepoint();
        try {
            var result = write.work().run(this::writerStatement);
            writer.releaseSavepoint(savepoint);
            return () -> write.done().complete(result);
        } catch (RuntimeException e) {
            writer.rollback(savepoint);
            writer.releaseSavepoint(savepoint);
            return () -> write.done().completeExceptionally(e);
        }
    }

    /** The writer's statements are prepared once and kept: it runs the same few all the time. */
    private PreparedStatement writerStatement(String sql) throws SQLException {
        var statement = writerStatements.get(sql);
        if (statement == null) {
            statement = writer.prepareStatement(sql);
            writerStatements.put(sql, statement);
        }
        statement.clearParameters();
        return statement;
    }

    private void rollback() {
        try {
            writer.rollback();
        } catch (SQLException e) {
            Log.warnf("Rollback of the embedded database failed: %s", e.getMessage());
        }
    }

    private static StoreUnavailableException unavailable(Throwable cause) {
        return new StoreUnavailableException("The embedded database failed: " + cause.getMessage(), cause);
    }

    @PreDestroy
    void close() {
        if (writerThread != null) {
            writerThread.interrupt();
            try {
                writerThread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            if (writer != null) {
                // Folds the write-ahead log into the database, so that the next start does not replay it.
                try (var statement = writer.createStatement()) {
                    writer.setAutoCommit(true);
                    statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
                } catch (SQLException e) {
                    Log.warnf("Could not checkpoint the embedded database on shutdown: %s", e.getMessage());
                }
                writer.close();
            }
            if (ownership != null) {
                ownership.release();
                lockFile.close();
            }
        } catch (SQLException | IOException e) {
            Log.warnf("Closing the embedded database: %s", e.getMessage());
        }
    }
}
