package io.github.asyncjobs.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.jboss.logmanager.ExtLogRecord;

/**
 * The lines the app under test logs in-process from now until {@link #close()}, with their context (MDC) as it was
 * when each was logged: what a test reads to check what the service says, and what it must never say.
 */
public final class LogCapture extends Handler implements AutoCloseable {

    private final Logger logger;
    private final List<ExtLogRecord> lines = new CopyOnWriteArrayList<>();

    private LogCapture(Logger logger) {
        this.logger = logger;
        logger.addHandler(this);
    }

    /** Every line, of every logger. */
    public static LogCapture all() {
        return new LogCapture(Logger.getLogger(""));
    }

    /** The lines of the service's own code. */
    public static LogCapture service() {
        return new LogCapture(Logger.getLogger("io.github.asyncjobs"));
    }

    public List<ExtLogRecord> lines() {
        return List.copyOf(lines);
    }

    /** The formatted lines at {@code level} or above. */
    public List<String> messages(Level level) {
        return lines.stream().filter(line -> line.getLevel().intValue() >= level.intValue())
                .map(ExtLogRecord::getFormattedMessage).toList();
    }

    /** The formatted lines that contain {@code text}. */
    public List<String> containing(String text) {
        return lines.stream().map(ExtLogRecord::getFormattedMessage).filter(line -> line != null && line.contains(text)).toList();
    }

    /** Every line as it would be written, with the stack trace of what it reports, if any. */
    public String text() {
        var text = new StringWriter();
        var out = new PrintWriter(text);
        for (var line : lines) {
            out.println(line.getFormattedMessage());
            if (line.getThrown() != null) {
                line.getThrown().printStackTrace(out);
            }
        }
        return text.toString();
    }

    public void clear() {
        lines.clear();
    }

    @Override
    public void publish(LogRecord record) {
        var line = (ExtLogRecord) record;
        line.copyMdc();
        lines.add(line);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
