package hu.autoinvoice.testing;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Captures every log line of the JVM at DEBUG and above while open (root logger), except the stand-ins' own
 * ({@code hu.autoinvoice.local}, not production code). Lines include the formatted message and every throwable
 * in the cause chain with its message and stack. The secret checks of every module use it (one copy, in shared's
 * test-jar): a line is {@code logger: message | throwable…}.
 */
public final class LogCapture extends AbstractAppender implements AutoCloseable {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private Level previousRootLevel;

    private LogCapture() {
        super("capture-" + UUID.randomUUID(), null, null, true, Property.EMPTY_ARRAY);
    }

    public static LogCapture open() {
        LogCapture capture = new LogCapture();
        capture.start();
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        LoggerConfig root = ctx.getConfiguration().getRootLogger();
        capture.previousRootLevel = root.getLevel();
        root.setLevel(Level.DEBUG);
        root.addAppender(capture, Level.DEBUG, null);
        ctx.updateLoggers();
        return capture;
    }

    @Override
    public void append(LogEvent event) {
        if (event.getLoggerName() != null && event.getLoggerName().startsWith("hu.autoinvoice.local")) {
            return;
        }
        StringBuilder line = new StringBuilder(event.getLoggerName()).append(": ")
                .append(event.getMessage().getFormattedMessage());
        for (Throwable t = event.getThrown(); t != null; t = t.getCause()) {
            line.append(" | ").append(t);
            for (StackTraceElement e : t.getStackTrace()) {
                line.append("\n\tat ").append(e);
            }
        }
        lines.add(line.toString());
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void close() {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        LoggerConfig root = ctx.getConfiguration().getRootLogger();
        root.removeAppender(getName());
        root.setLevel(previousRootLevel);
        ctx.updateLoggers();
        stop();
    }
}
