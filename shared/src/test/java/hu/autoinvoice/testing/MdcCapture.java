package hu.autoinvoice.testing;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/** Captures the {@code hu.autoinvoice} log events (INFO and above) with their MDC while open. */
public final class MdcCapture extends AbstractAppender implements AutoCloseable {

    /** One captured line: logger, message and the MDC it was logged with. */
    public record Line(String logger, String message, Map<String, String> mdc) {}

    private final List<Line> lines = new CopyOnWriteArrayList<>();
    private LoggerConfig logger;
    private LoggerConfig previous;

    private MdcCapture() {
        super("mdc-capture-" + UUID.randomUUID(), null, null, true, Property.EMPTY_ARRAY);
    }

    public static MdcCapture open() {
        MdcCapture capture = new MdcCapture();
        capture.start();
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        capture.previous = ctx.getConfiguration().getLoggers().get("hu.autoinvoice");
        capture.logger = new LoggerConfig("hu.autoinvoice", Level.INFO, true);
        capture.logger.addAppender(capture, Level.INFO, null);
        ctx.getConfiguration().removeLogger("hu.autoinvoice"); // addLogger does not replace
        ctx.getConfiguration().addLogger("hu.autoinvoice", capture.logger);
        ctx.updateLoggers();
        return capture;
    }

    @Override
    public void append(LogEvent event) {
        if (event.getLoggerName().startsWith("hu.autoinvoice.local")) {
            return; // the stand-ins' own lines are not production code
        }
        lines.add(new Line(event.getLoggerName(), event.getMessage().getFormattedMessage(),
                Map.copyOf(event.getContextData().toMap())));
    }

    public List<Line> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void close() {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        ctx.getConfiguration().removeLogger("hu.autoinvoice");
        if (previous != null) {
            ctx.getConfiguration().addLogger("hu.autoinvoice", previous);
        }
        ctx.updateLoggers();
        stop();
    }
}
