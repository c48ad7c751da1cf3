package hu.autoinvoice.issuer;

import hu.autoinvoice.account.AccountStatus;
import hu.autoinvoice.ledger.Reason;
import hu.autoinvoice.observability.Metrics;
import java.util.Map;
import java.util.Objects;

/**
 * The issuer's outcomes as CloudWatch metrics (service {@code invoice-issuer}):
 * <ul>
 *   <li>{@link Metrics#INVOICES_ISSUED} — an invoice was issued (or found after an unknown outcome);</li>
 *   <li>{@link Metrics#INVOICES_PARKED} {@code reason} — parked until the account is fixed;</li>
 *   <li>{@link Metrics#INVOICES_DEAD_LETTERED} {@code reason} — sent to the DLQ (a {@link Reason});</li>
 *   <li>{@link Metrics#INVOICES_FAILED} {@code reason} — this attempt failed and SQS retries the record (a Retry
 *       outcome, or {@code CRASHED} when processing threw);</li>
 *   <li>{@link Metrics#INVOICES_HANDED_BACK} — a record over its account's share was handed back (no dimension: the
 *       account is in the log line, never a metric dimension of unbounded cardinality);</li>
 *   <li>{@link Metrics#ACCOUNT_STATUS_CHANGES} {@code from}, {@code to} — the Agent refused an account.</li>
 * </ul>
 * Duplicates and reversals are not counted (they are in the logs).
 */
public final class IssuerMetrics implements IssuerObserver {

    private final Metrics metrics;

    public IssuerMetrics(Metrics metrics) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    @Override
    public void processed(IssueOutcome outcome) {
        switch (outcome) {
            case IssueOutcome.Issued issued -> metrics.count(Metrics.INVOICES_ISSUED, 1, Map.of());
            case IssueOutcome.Parked parked -> metrics.count(Metrics.INVOICES_PARKED, 1, Map.of("reason", parked.reason().name()));
            case IssueOutcome.Failed failed -> metrics.count(Metrics.INVOICES_DEAD_LETTERED, 1, Map.of("reason", failed.reason().name()));
            case IssueOutcome.Retry retry -> metrics.count(Metrics.INVOICES_FAILED, 1, Map.of("reason", retry.reason().name()));
            case IssueOutcome.Duplicate duplicate -> { }
            case IssueOutcome.Reversed reversed -> { }
        }
    }

    @Override
    public void crashed(Throwable error) {
        metrics.count(Metrics.INVOICES_FAILED, 1, Map.of("reason", Reason.CRASHED.name()));
    }

    @Override
    public void handedBack(String accountId) {
        metrics.count(Metrics.INVOICES_HANDED_BACK, 1, Map.of());
    }

    @Override
    public void accountStatusChanged(String accountId, AccountStatus from, AccountStatus to) {
        metrics.count(Metrics.ACCOUNT_STATUS_CHANGES, 1, Map.of("from", from.name(), "to", to.name()));
    }
}
