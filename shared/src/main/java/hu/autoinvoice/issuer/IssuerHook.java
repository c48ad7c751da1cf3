package hu.autoinvoice.issuer;

import hu.autoinvoice.account.AccountStatus;

/**
 * Observation points of the issuer. {@link #afterCreateReply} is a test seam: called right after the Agent answered a
 * create and before the ledger records it, a test throws there to simulate a function killed between the vendor's
 * reply and the ledger write. The default methods report what happened (the Lambda backs them with CloudWatch
 * metrics, {@code hu.autoinvoice.issuer.IssuerMetrics}). Production without metrics uses {@link #NONE}.
 */
@FunctionalInterface
public interface IssuerHook {

    IssuerHook NONE = (accountId, purchaseId) -> { };

    void afterCreateReply(String accountId, String purchaseId);

    /** One message was processed to this outcome. */
    default void processed(IssueOutcome outcome) {
    }

    /** Processing one message threw (the record is retried by SQS); the throwable carries no key. */
    default void crashed(Throwable error) {
    }

    /** The issuer changed an account's status after the Agent refused it (debt, revoked key, …). */
    default void accountStatusChanged(String accountId, AccountStatus from, AccountStatus to) {
    }
}
