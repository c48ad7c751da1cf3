package hu.autoinvoice.observability;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.slf4j.spi.MDCAdapter;

/**
 * The JSON line format of the functions' logs (one object per line):
 * {@code {"timestamp":"2026-11-27T18:05:11.000Z","level":"INFO","logger":"…","message":"…","exception":"…",
 * "awsRequestId":"…","accountId":"…","purchaseId":"…"}} — {@code exception} only with a throwable, the MDC entries
 * flattened in as strings.
 */
final class JsonLogLine {

    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final PrintStream out;
    private final MDCAdapter mdc;

    /** Lines to {@code out} with the current thread's entries of {@code mdc}. */
    public JsonLogLine(PrintStream out, MDCAdapter mdc) {
        this.out = out;
        this.mdc = mdc;
    }

    /** Writes one line (a single {@code println}, so lines of concurrent threads do not interleave). */
    public void write(long epochMillis, String level, String logger, String message, Throwable throwable) {
        out.println(format(epochMillis, level, logger, message, throwable, mdc.getCopyOfContextMap()));
    }

    /** The line, without the line break. */
    public static String format(long epochMillis, String level, String logger, String message, Throwable throwable,
            Map<String, String> context) {
        StringBuilder b = new StringBuilder(256);
        b.append('{');
        field(b, "timestamp", TIMESTAMP.format(Instant.ofEpochMilli(epochMillis))).append(',');
        field(b, "level", level).append(',');
        field(b, "logger", logger).append(',');
        field(b, "message", message == null ? "null" : message);
        if (throwable != null) {
            StringWriter trace = new StringWriter();
            throwable.printStackTrace(new PrintWriter(trace));
            b.append(',');
            field(b, "exception", trace.toString());
        }
        if (context != null) {
            for (Map.Entry<String, String> e : context.entrySet()) {
                if (e.getKey() != null && e.getValue() != null) {
                    b.append(',');
                    field(b, e.getKey(), e.getValue());
                }
            }
        }
        return b.append('}').toString();
    }

    private static StringBuilder field(StringBuilder b, String name, String value) {
        quote(b, name).append(':');
        return quote(b, value);
    }

    private static StringBuilder quote(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"');
    }
}
