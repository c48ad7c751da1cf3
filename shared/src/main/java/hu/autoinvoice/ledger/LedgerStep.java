package hu.autoinvoice.ledger;

/**
 * What one ledger write did to an item: the kind of a {@link HistoryEntry}. Support reads an item's history as a
 * sequence of these (claimed, create sent, issued; or claimed, parked, claimed, create sent, issued, ...).
 */
public enum LedgerStep {
    /** A delivery claimed the item for sending ({@code SENDING} under its lease). */
    CLAIMED,
    /** A create call was counted, right before it was sent (one of at most {@link InvoiceLedger#MAX_SENDS}). */
    CREATE_SENT,
    /** The invoice was recorded; the entry's document is its number. */
    ISSUED,
    /** The delivery let go with the outcome unknown or nothing sent ({@code SENDING} until the lease ends); a reason. */
    RELEASED,
    /** Parked until the account works again; a reason. */
    PARKED,
    /** Failed for good (its message is in the DLQ for a person); a reason. */
    FAILED,
    /** A refund arrived. */
    REFUND_RECORDED,
    /** The refund's storno has to wait (account not usable, Agent unavailable); a reason. */
    REFUND_HELD,
    /** The refund's storno was refused (the refund is in the DLQ for a person); a reason. */
    REFUND_FAILED,
    /** The invoice was reversed; the entry's document is the storno's number. */
    REVERSED,
    /**
     * An amendment replaced this revision while a create of unknown outcome may have issued it: from now on it is only
     * queried (found: recorded and reversed at once; not found: superseded), never created; the document is the
     * amendment's revision.
     */
    SUPERSEDE_MARKED,
    /** An amendment replaced this revision before it had an invoice ({@code SUPERSEDED}); the document is its revision. */
    SUPERSEDED
}
