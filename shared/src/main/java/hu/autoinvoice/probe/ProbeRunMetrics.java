package hu.autoinvoice.probe;

import hu.autoinvoice.observability.Metrics;
import java.util.Map;
import java.util.Objects;

/**
 * The health probe's metrics (service {@code health-probe}): every {@link ProbeMetrics} counter as an EMF count (a
 * status change is {@link Metrics#ACCOUNT_STATUS_CHANGES} with {@code from}, {@code to}), and per run
 * {@link Metrics#PROBE_DURATION} (ms) and the gauge {@link Metrics#UNHEALTHY_ACCOUNTS}: how many of the accounts
 * this run probed are not HEALTHY afterwards (the template's alarm fires above 0).
 */
public final class ProbeRunMetrics implements ProbeMetrics {

    private final Metrics metrics;

    public ProbeRunMetrics(Metrics metrics) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /** The writer (the probe's Agent transport records into it too). */
    public Metrics metrics() {
        return metrics;
    }

    @Override
    public void increment(String name, Map<String, String> dimensions) {
        metrics.count(name, 1, dimensions);
    }

    /** The per-run gauge and duration of a finished run. */
    @Override
    public void runFinished(ProbeReport report) {
        metrics.count(Metrics.UNHEALTHY_ACCOUNTS, report.unhealthy(), Map.of());
        metrics.milliseconds(Metrics.PROBE_DURATION, report.elapsedMillis(), Map.of());
    }
}
