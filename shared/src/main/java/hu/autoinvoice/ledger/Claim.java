package hu.autoinvoice.ledger;

/** The outcome of {@link InvoiceLedger#claim}: the item is ours to send, already has an invoice, or is busy. */
public sealed interface Claim permits Claim.Claimed, Claim.HasInvoice, Claim.Changed, Claim.Busy {

    /** The item as the claim found or left it. */
    LedgerEntry entry();

    /**
     * The item is {@code SENDING} under our fencing token and lease.
     *
     * @param firstSendReserved the claim created the item and already counted the first create call
     *     ({@code sends = 1}): send now, without {@link InvoiceLedger#recordSend} and without querying first
     */
    record Claimed(LedgerEntry entry, boolean firstSendReserved) implements Claim {
        /** Our fencing token. */
        public String token() {
            return entry.fencingToken().orElseThrow();
        }

        /** The item as ours: the handle of every fenced write that follows. */
        public ClaimedItem item() {
            return new ClaimedItem(entry.accountId(), entry.purchaseId(), token());
        }
    }

    /** An invoice exists ({@code ISSUED}, {@code REVERSED}, or parked for its refund): never create another. */
    record HasInvoice(LedgerEntry entry) implements Claim {}

    /**
     * The message changes a purchase whose create was already sent (or whose invoice exists): the stored first body
     * stays, nothing was written. The vendor may hold an invoice with that content.
     */
    record Changed(LedgerEntry entry) implements Claim {}

    /** Another claimant's lease is live (or it won a race): retry later. */
    record Busy(LedgerEntry entry) implements Claim {}
}
