package hu.autoinvoice.local.probe;

import static org.assertj.core.api.Assertions.assertThat;

import hu.autoinvoice.probe.ProbeMetrics;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The in-memory probe counters the tests and the local runner read. */
class CountingProbeMetricsTest {

    @Test
    void countersAreKeptPerDimensionAndInTotal() {
        CountingProbeMetrics metrics = new CountingProbeMetrics();
        metrics.increment(ProbeMetrics.STATUS_CHANGED, Map.of("from", "HEALTHY", "to", "KEY_REJECTED"));
        metrics.increment(ProbeMetrics.STATUS_CHANGED, Map.of("to", "KEY_REJECTED", "from", "HEALTHY"));
        metrics.increment(ProbeMetrics.STATUS_CHANGED, Map.of("from", "KEY_REJECTED", "to", "HEALTHY"));
        metrics.increment(ProbeMetrics.PROBED);

        assertThat(metrics.count(ProbeMetrics.STATUS_CHANGED, Map.of("from", "HEALTHY", "to", "KEY_REJECTED"))).isEqualTo(2);
        assertThat(metrics.total(ProbeMetrics.STATUS_CHANGED)).isEqualTo(3);
        assertThat(metrics.total(ProbeMetrics.PROBED)).isEqualTo(1);
        assertThat(metrics.snapshot()).containsEntry("AccountsProbed", 1L);
    }
}
