package hu.autoinvoice.issuer;

/**
 * Test seam: called right after the Agent answered a create and before the ledger records it. A test throws here
 * to simulate a function killed between the vendor's reply and the ledger write. Production uses {@link #NONE}.
 */
@FunctionalInterface
public interface IssuerHook {

    IssuerHook NONE = (accountId, purchaseId) -> { };

    void afterCreateReply(String accountId, String purchaseId);
}
