package hu.autoinvoice.observability;

import java.util.Locale;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/** One named logger of {@link JsonLogProvider}: a fixed threshold, every enabled event written by {@link JsonLogLine}. */
final class JsonLogger extends LegacyAbstractLogger {

    private static final long serialVersionUID = 1L;

    private final int threshold;
    private final transient JsonLogLine line;

    JsonLogger(String name, int threshold, JsonLogLine line) {
        this.name = name;
        this.threshold = threshold;
        this.line = line;
    }

    /** The SLF4J level int of a level name (FATAL counts as ERROR); WARN for null, blank or unknown names. */
    static int threshold(String level) {
        if (level == null || level.isBlank()) {
            return Level.WARN.toInt();
        }
        return switch (level.trim().toUpperCase(Locale.ROOT)) {
            case "TRACE", "ALL" -> Level.TRACE.toInt();
            case "DEBUG" -> Level.DEBUG.toInt();
            case "INFO" -> Level.INFO.toInt();
            case "ERROR", "FATAL" -> Level.ERROR.toInt();
            case "OFF" -> Integer.MAX_VALUE;
            default -> Level.WARN.toInt();
        };
    }

    private boolean enabled(Level level) {
        return level.toInt() >= threshold;
    }

    @Override public boolean isTraceEnabled() { return enabled(Level.TRACE); }
    @Override public boolean isDebugEnabled() { return enabled(Level.DEBUG); }
    @Override public boolean isInfoEnabled() { return enabled(Level.INFO); }
    @Override public boolean isWarnEnabled() { return enabled(Level.WARN); }
    @Override public boolean isErrorEnabled() { return enabled(Level.ERROR); }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
            Throwable throwable) {
        String message = arguments == null || arguments.length == 0 ? pattern
                : MessageFormatter.basicArrayFormat(pattern, arguments);
        line.write(System.currentTimeMillis(), level.name(), name, message, throwable);
    }
}
