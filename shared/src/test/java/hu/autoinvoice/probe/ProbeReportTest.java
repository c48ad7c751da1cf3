package hu.autoinvoice.probe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProbeReportTest {

    @Test
    void theLogSummaryGivesEveryCountItsUnit() {
        ProbeReport report = new ProbeReport(2, 2, 0, 1, 0, 1, 0, 0, 0, 0, false, true, 306);
        assertThat(report.summary())
                .startsWith("probed 2 account(s): 2 healthy, 0 unhealthy, 1 status change(s)")
                .contains("1 account(s) backfilled after a recovery", "0 with parked or stuck items re-enqueued")
                .endsWith("completed in 306 ms")
                .doesNotContain("invoice");
    }
}
