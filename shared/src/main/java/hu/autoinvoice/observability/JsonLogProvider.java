package hu.autoinvoice.observability;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The functions' SLF4J 2 backend (registered in {@code META-INF/services}): every enabled event becomes ONE JSON line
 * on stdout (CloudWatch Logs) — {@code timestamp}, {@code level}, {@code logger}, {@code message}, {@code exception}
 * (stack trace, only when there is one) and the MDC flattened in ({@link LogContext}'s keys) — see {@link JsonLogLine}.
 * Levels: {@code hu.autoinvoice.*} at {@code AWS_LAMBDA_LOG_LEVEL} (Lambda sets it from the template's
 * ApplicationLogLevel), WARN where it is not set; every other logger (libraries) from WARN.
 * <p>
 * It replaces log4j2 + JsonTemplateLayout in the Lambda jars because it costs a fraction of their cold start
 * (docs/PERFORMANCE.md). Tests and the local runner keep log4j2 by naming its provider in the system property
 * {@code slf4j.provider} (surefire, failsafe, the Makefile).
 */
public final class JsonLogProvider implements SLF4JServiceProvider {

    /** The level variable Lambda sets (TRACE, DEBUG, INFO, WARN, ERROR, FATAL). */
    public static final String LEVEL_VAR = "AWS_LAMBDA_LOG_LEVEL";

    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new ThreadLocalMdcAdapter();
    private ILoggerFactory loggers;

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggers;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
        int ours = JsonLogger.threshold(System.getenv(LEVEL_VAR));
        int libraries = JsonLogger.threshold("WARN");
        JsonLogLine line = new JsonLogLine(System.out, mdc);
        Map<String, Logger> cache = new ConcurrentHashMap<>();
        loggers = name -> cache.computeIfAbsent(name, n -> new JsonLogger(n,
                n.equals("hu.autoinvoice") || n.startsWith("hu.autoinvoice.") ? ours : libraries, line));
    }
}
