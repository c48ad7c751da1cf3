package hu.autoinvoice.local.agent;

/** The vendor's document type codes ({@code alap/tipus} in a query answer). */
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
    SL
}
