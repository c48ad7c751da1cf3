package hu.autoinvoice.ledger;

/** Where one purchase's invoice stands in the invoices ledger (docs/DESIGN.md §4). */
public enum LedgerState {
    /** Claimed by an issuer (lease + fencing token), or a create's outcome is unknown: query before any resend. */
    SENDING,
    /** The invoice exists; {@code invoiceNumber} is set. */
    ISSUED,
    /**
     * No invoice yet; waiting for the account to be fixed (reason {@code ACCOUNT_*}, {@code KEY_UNREADABLE}) or, when
     * only a refund arrived, for the purchase message (reason {@code AWAITING_INVOICE}). The probe re-enqueues it.
     */
    PARKED,
    /**
     * Needs a person: refused for its data, out of send budget, or its refund was refused. The message is in the DLQ
     * with a reason; the connect API's reissue re-enqueues it. An item here may hold an invoice (its storno failed).
     */
    FAILED,
    /**
     * The invoice exists and a refund was recorded: its storno is due. {@code reason} says why it waits, if it does
     * (the account, a transient Agent failure); the refund message re-enqueued by the probe finishes it.
     */
    REFUND_PENDING,
    /** The invoice was reversed by a storno; {@code stornoNumber} is set. */
    REVERSED,
    /**
     * A newer revision of the purchase (an amendment) replaced this one before it had an invoice, and no create of it
     * can have issued one: it never will. Final; a delivery of its message is acknowledged without a call.
     */
    SUPERSEDED
}
