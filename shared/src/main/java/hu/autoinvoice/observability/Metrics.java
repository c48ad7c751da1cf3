package hu.autoinvoice.observability;

import hu.autoinvoice.json.JsonValues;
import java.io.PrintStream;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * CloudWatch metrics as Embedded Metric Format lines on stdout: one JSON object per data point, which CloudWatch Logs
 * turns into metrics without any API call (no extra latency, no IAM permission, no SDK client). Every point carries the
 * {@code service} dimension (the function) plus its own dimensions, sorted by name.
 *
 * <p>Metric names used by the product (one place): {@link #INVOICES_ISSUED}, {@link #INVOICES_PARKED},
 * {@link #INVOICES_FAILED}, {@link #INVOICES_DEAD_LETTERED}, {@link #AGENT_LATENCY}, {@link #AGENT_ERRORS},
 * {@link #ACCOUNT_STATUS_CHANGES}, {@link #UNHEALTHY_ACCOUNTS}, {@link #PROBE_DURATION}.
 */
public final class Metrics {

    public static final String INVOICES_ISSUED = "InvoicesIssued";
    public static final String INVOICES_PARKED = "InvoicesParked";
    public static final String INVOICES_FAILED = "InvoicesFailed";
    /** A record over its account's share handed back (count; the issuer's fairness, docs/ISSUING.md). */
    public static final String INVOICES_HANDED_BACK = "InvoicesHandedBack";
    /** Connect API requests refused over an account's request budget (429), by {@code rateClass}. */
    public static final String REQUESTS_THROTTLED = "RequestsThrottled";
    public static final String INVOICES_DEAD_LETTERED = "InvoicesSentToDlq";
    public static final String AGENT_LATENCY = "AgentLatency";
    public static final String AGENT_ERRORS = "AgentErrors";
    public static final String ACCOUNT_STATUS_CHANGES = "AccountStatusChanges";
    public static final String UNHEALTHY_ACCOUNTS = "UnhealthyAccounts";
    public static final String PROBE_DURATION = "ProbeDuration";

    /** CloudWatch units this writer emits. */
    public enum Unit {
        COUNT("Count"), MILLISECONDS("Milliseconds");

        private final String cloudWatchName;

        Unit(String cloudWatchName) {
            this.cloudWatchName = cloudWatchName;
        }
    }

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:-]{1,255}");
    private static final int MAX_DIMENSIONS = 29; // CloudWatch allows 30 per metric, one is "service"

    private final String namespace;
    private final String service;
    private final PrintStream out;
    private final Clock clock;

    public Metrics(String namespace, String service, PrintStream out, Clock clock) {
        this.namespace = requireName(namespace, "namespace");
        this.service = requireName(service, "service");
        this.out = Objects.requireNonNull(out, "out");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A writer that writes nothing (the local runner, where stdout is the demo's table). */
    public static Metrics discarding(String service) {
        return new Metrics("Autoinvoice", service, new PrintStream(java.io.OutputStream.nullOutputStream()), Clock.systemUTC());
    }

    /** Namespace from {@code METRICS_NAMESPACE} (default {@code Autoinvoice}), writing to stdout. */
    public static Metrics forService(String service) {
        String namespace = System.getenv().getOrDefault("METRICS_NAMESPACE", "Autoinvoice");
        return new Metrics(namespace, service, System.out, Clock.systemUTC());
    }

    public void count(String metric, long value, Map<String, String> dimensions) {
        emit(metric, value, Unit.COUNT, dimensions);
    }

    public void count(String metric) {
        count(metric, 1, Map.of());
    }

    public void milliseconds(String metric, long value, Map<String, String> dimensions) {
        emit(metric, value, Unit.MILLISECONDS, dimensions);
    }

    /** Writes one EMF line. Dimension values must not be secrets: they become CloudWatch dimensions. */
    public void emit(String metric, long value, Unit unit, Map<String, String> dimensions) {
        requireName(metric, "metric");
        if (dimensions.size() > MAX_DIMENSIONS) {
            throw new IllegalArgumentException("at most " + MAX_DIMENSIONS + " dimensions per metric");
        }
        Map<String, String> all = new LinkedHashMap<>();
        all.put("service", service);
        new TreeMap<>(dimensions).forEach((name, v) -> { // sorted: the same dimension set always reads the same
            requireName(name, "dimension");
            if (name.equals(metric) || name.equals("_aws")) {
                throw new IllegalArgumentException("dimension name clashes with the metric or _aws: " + name);
            }
            all.put(name, Objects.requireNonNull(v, name));
        });

        Map<String, Object> directive = new LinkedHashMap<>();
        directive.put("Namespace", namespace);
        directive.put("Dimensions", List.of(List.copyOf(all.keySet())));
        directive.put("Metrics", List.of(Map.of("Name", metric, "Unit", unit.cloudWatchName)));
        Map<String, Object> aws = new LinkedHashMap<>();
        aws.put("Timestamp", clock.millis());
        aws.put("CloudWatchMetrics", List.of(directive));
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("_aws", aws);
        line.putAll(all);
        line.put(metric, value);
        String text = JsonValues.toJson(line);
        synchronized (out) {
            out.println(text);
        }
    }

    private static String requireName(String value, String what) {
        if (value == null || !NAME.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " must match " + NAME.pattern());
        }
        return value;
    }
}
