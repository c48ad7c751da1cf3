package hu.autoinvoice.ledger;

/** The outcome of {@link InvoiceLedger#recordSend}: a create may be sent, the budget is spent, or the claim was lost. */
public sealed interface SendSlot permits SendSlot.Granted, SendSlot.Exhausted, SendSlot.Lost {

    /** The counter now says {@code sends}; the create may be sent once. */
    record Granted(int sends) implements SendSlot {}

    /** {@link InvoiceLedger#MAX_SENDS} create calls were already made for this purchase. */
    record Exhausted(int sends) implements SendSlot {}

    /** Our fencing token is no longer on the item (the lease expired and someone else claimed it). */
    record Lost() implements SendSlot {}
}
