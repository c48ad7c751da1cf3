package hu.autoinvoice.connect;

/**
 * The stable machine codes of the connect API's error answers, each with its HTTP status. The texts live in
 * {@link ConnectTexts}; clients switch on the code, never on the text. A missing or invalid token (401) and a route
 * the API does not have (404) are answered by API Gateway before the function runs, in its own shape
 * {@code {"message": …}}; they have no code here (README, docs/openapi.yaml).
 */
public enum ErrorCode {
    /** The body, a field or the account id is malformed; {@code fields} says which. */
    VALIDATION_FAILED(400),
    /** The caller may not act on this account. Nothing was read or written. */
    FORBIDDEN(403),
    /** No Számlázz.hu account is connected for this account id. */
    NOT_CONNECTED(404),
    /** The ledger has no item for this purchase of the account (no message for it arrived yet, or a wrong id). */
    INVOICE_NOT_FOUND(404),
    /** The invoice's PDF is larger than the API can return; download it in Számlázz.hu. */
    PDF_TOO_LARGE(502),
    /** The key is already connected to a different account. */
    KEY_IN_USE(409),
    /** Someone else changed the connection at the same moment; try again. */
    CONFLICT(409),
    /** Code 3: the key is mistyped or was deleted. */
    KEY_REJECTED(422),
    /** Code 136: unpaid Számlázz.hu fees or expired subscription. */
    ACCOUNT_BLOCKED(422),
    /** Code 54: e-invoices are not in the Számlázz.hu package. */
    EINVOICE_NOT_ALLOWED(422),
    /** Code 202: the invoice number prefix is not created or not enabled. */
    PREFIX_INVALID(422),
    /** Code 8 on a receipt action: Agent receipts are not in the Számlázz.hu package (or the user lacks the permission). */
    RECEIPTS_NOT_ALLOWED(422),
    /** The receipt prefix is an invoice prefix of the account (the live check's preview took it; a receipt would get 336). */
    RECEIPT_PREFIX_IS_INVOICE_PREFIX(422),
    /** Code 524: the receipt prefix is not enabled in Számlázz.hu. */
    RECEIPT_PREFIX_NOT_ENABLED(422),
    /** Another account-level refusal by Számlázz.hu (e.g. 135, 164). */
    ACCOUNT_REFUSED(422),
    /** Unexpected failure; the answer carries a request id for support. */
    INTERNAL_ERROR(500),
    /** A re-issue of this account ran moments ago (one per {@code AccountConnector.REISSUE_COOLDOWN}); retry after {@code Retry-After}. */
    REISSUE_TOO_SOON(429),
    /** The account spent its request budget of this window ({@link TenantThrottle}); retry after {@code Retry-After}. */
    TOO_MANY_REQUESTS(429),
    /** Számla Agent (or KMS) did not answer usefully right now; retry after {@code Retry-After}. */
    AGENT_UNAVAILABLE(503);

    private final int httpStatus;

    ErrorCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
