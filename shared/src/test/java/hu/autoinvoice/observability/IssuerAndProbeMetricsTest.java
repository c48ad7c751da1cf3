package hu.autoinvoice.observability;

import hu.autoinvoice.ledger.LedgerState;
import static org.assertj.core.api.Assertions.assertThat;

import hu.autoinvoice.account.AccountStatus;
import hu.autoinvoice.issuer.IssueOutcome;
import hu.autoinvoice.issuer.IssuerMetrics;
import hu.autoinvoice.ledger.Reason;
import hu.autoinvoice.probe.ProbeMetrics;
import hu.autoinvoice.probe.ProbeReport;
import hu.autoinvoice.probe.ProbeRunMetrics;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IssuerAndProbeMetricsTest {

    @Test
    void issuerOutcomesBecomeIssuedParkedDeadLetteredAndFailedCounts() {
        EmfLines emf = new EmfLines("invoice-issuer");
        IssuerMetrics metrics = new IssuerMetrics(emf.metrics);

        metrics.processed(new IssueOutcome.Issued("E-2026-1"));
        metrics.processed(new IssueOutcome.Parked(Reason.ACCOUNT_BLOCKED));
        metrics.processed(new IssueOutcome.Failed(Reason.INVALID_MESSAGE, "bad json"));
        metrics.processed(new IssueOutcome.Retry(Reason.LEASE_HELD));
        metrics.processed(new IssueOutcome.Duplicate(LedgerState.ISSUED));
        metrics.crashed(new IllegalStateException("DynamoDB down"));
        metrics.accountStatusChanged("org-42", AccountStatus.HEALTHY, AccountStatus.KEY_REJECTED);
        metrics.handedBack("org-42");

        assertThat(emf.summaries(Metrics.INVOICES_ISSUED)).containsExactly("InvoicesIssued=1 service=invoice-issuer Count");
        assertThat(emf.summaries(Metrics.INVOICES_PARKED))
                .containsExactly("InvoicesParked=1 service=invoice-issuer reason=ACCOUNT_BLOCKED Count");
        assertThat(emf.summaries(Metrics.INVOICES_DEAD_LETTERED))
                .containsExactly("InvoicesSentToDlq=1 service=invoice-issuer reason=INVALID_MESSAGE Count");
        assertThat(emf.summaries(Metrics.INVOICES_FAILED)).containsExactly(
                "InvoicesFailed=1 service=invoice-issuer reason=LEASE_HELD Count",
                "InvoicesFailed=1 service=invoice-issuer reason=CRASHED Count");
        assertThat(emf.summaries(Metrics.ACCOUNT_STATUS_CHANGES)).singleElement().asString()
                .startsWith("AccountStatusChanges=1 service=invoice-issuer ").contains("from=HEALTHY", "to=KEY_REJECTED");
        // no account dimension: unbounded cardinality, the account is in the log line
        assertThat(emf.summaries(Metrics.INVOICES_HANDED_BACK)).containsExactly("InvoicesHandedBack=1 service=invoice-issuer Count");
        assertThat(emf.lines()).hasSize(7); // the duplicate is not counted
    }

    @Test
    void probeCountersAndTheRunGaugeAndDuration() {
        EmfLines emf = new EmfLines("health-probe");
        ProbeRunMetrics metrics = new ProbeRunMetrics(emf.metrics);

        metrics.increment(ProbeMetrics.PROBED);
        metrics.increment(ProbeMetrics.STATUS_CHANGED, Map.of("from", "HEALTHY", "to", "ACCOUNT_BLOCKED"));
        metrics.runFinished(new ProbeReport(3, 1, 2, 1, 0, 0, 0, 0, 0, 0, false, true, 1234));

        assertThat(emf.summaries("AccountsProbed")).containsExactly("AccountsProbed=1 service=health-probe Count");
        assertThat(emf.summaries(Metrics.ACCOUNT_STATUS_CHANGES)).singleElement().asString()
                .contains("from=HEALTHY", "to=ACCOUNT_BLOCKED");
        // the template's UnhealthyAccountsAlarm reads exactly this metric and dimension set
        assertThat(emf.summaries(Metrics.UNHEALTHY_ACCOUNTS)).containsExactly("UnhealthyAccounts=2 service=health-probe Count");
        assertThat(emf.summaries(Metrics.PROBE_DURATION)).containsExactly("ProbeDuration=1234 service=health-probe Milliseconds");
    }
}
