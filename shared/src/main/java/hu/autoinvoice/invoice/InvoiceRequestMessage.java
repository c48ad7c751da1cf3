package hu.autoinvoice.invoice;

/**
 * One message from the checkout backend on the {@code invoice-requests} queue: a paid purchase, its refund, or the
 * purchase as it stands after a change (docs/DESIGN.md §3). Parse with {@link PurchaseMessages#parse(String)}.
 */
public sealed interface InvoiceRequestMessage permits PurchasePaid, PurchaseRefunded, PurchaseAmended {

    /** The message's {@code type}. */
    String type();

    /** The message's {@code version}; 1 for every type today. */
    default int version() {
        return 1;
    }

    String accountId();

    String purchaseId();

    /** The deterministic external id of this purchase's invoice. */
    default String externalId() {
        return ExternalIds.of(accountId(), purchaseId());
    }
}
