package hu.autoinvoice.issuer;

import hu.autoinvoice.account.AccountStatus;

/**
 * What the issuer reports as it goes (the Lambda backs it with CloudWatch metrics, {@link IssuerMetrics}); every
 * method has a do-nothing default, and {@link #NONE} observes nothing.
 */
public interface IssuerObserver {

    IssuerObserver NONE = new IssuerObserver() { };

    /**
     * One message is about to be processed, on the thread that processes it; {@link #processed} or {@link #crashed}
     * follows on the same thread. Observation only (the benchmarks time a record with it).
     */
    default void started() {
    }

    /** One message was processed to this outcome. */
    default void processed(IssueOutcome outcome) {
    }

    /** Processing one message threw (the record is retried by SQS); the throwable carries no key. */
    default void crashed(Throwable error) {
    }

    /** A record over its account's share was handed back (a delayed copy sent, the original acknowledged). */
    default void handedBack(String accountId) {
    }

    /** The issuer changed an account's status after the Agent refused it (debt, revoked key, …). */
    default void accountStatusChanged(String accountId, AccountStatus from, AccountStatus to) {
    }
}
