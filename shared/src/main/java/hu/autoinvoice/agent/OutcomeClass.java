package hu.autoinvoice.agent;

/** What a failed Agent call means for the caller. */
public enum OutcomeClass {
    /** Try again later (bounded): maintenance, signing server, {@code szlahu_down}, I/O, timeout, HTTP 5xx. On a create the document may still exist: query first. */
    TRANSIENT,
    /** The organiser must fix something on their Számlázz.hu account (key, subscription, package, prefix, …); see {@link AccountProblem}. */
    ACCOUNT,
    /** The request itself is wrong (schema, arithmetic, VAT code, reference); resending the same data fails again. */
    DATA,
    /**
     * A duplicate: nothing new was created; query and adopt. The order number already has a document of this type
     * (71/152), or the receipt call id already has a receipt (338: get the receipt by the call id).
     */
    DUPLICATE_ORDER,
    /** The queried document does not exist (7). */
    NOT_FOUND,
    /** Anything else, including unknown codes and unparsable replies: treat as "maybe issued". */
    UNKNOWN
}
