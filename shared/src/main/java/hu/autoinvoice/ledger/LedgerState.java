package hu.autoinvoice.ledger;

/** Where one purchase's invoice stands in the invoices ledger (DESIGN §4). */
public enum LedgerState {
    /** Claimed by an issuer (lease + fencing token), or a create's outcome is unknown: query before any resend. */
    SENDING,
    /** The invoice exists; {@code invoiceNumber} is set. */
    ISSUED,
    /** Waiting for the account to be fixed (or for the invoice, when a refund came first); backfill re-enqueues it. */
    PARKED,
    /** Refused for its data or out of send budget; the message is in the DLQ with a reason. */
    FAILED,
    /** The invoice was reversed by a storno; {@code stornoNumber} is set. */
    REVERSED
}
