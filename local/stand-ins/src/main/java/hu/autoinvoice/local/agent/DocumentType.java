package hu.autoinvoice.local.agent;

/** The vendor's document type codes ({@code alap/tipus} in a query answer, invoices and receipts). */
public enum DocumentType {
    /** Invoice (számla). */
    SZ,
    /** Storno (reversing) invoice. */
    SS,
    /** Proforma (díjbekérő). */
    D,
    /** Prepayment invoice. */
    ES,
    /** Final invoice. */
    VS,
    /** Corrective invoice. */
    HS,
    /** Delivery note. */
    SL,
    /** Receipt (nyugta). */
    NY,
    /** Receipt storno (nyugta sztornó). */
    SN;

    /** A receipt type ({@code NY} or {@code SN}): kept and numbered apart from invoices, answered as {@code nyugta}. */
    public boolean receipt() {
        return this == NY || this == SN;
    }
}
