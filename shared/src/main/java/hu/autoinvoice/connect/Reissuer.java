package hu.autoinvoice.connect;

/**
 * Re-enqueues an account's {@code PARKED} and {@code FAILED} ledger items (pótlás, the "missing invoices" request).
 * The connect API only routes to it; the implementation is the ledger's shared re-enqueue code
 * ({@code hu.autoinvoice.ledger.InvoiceRequeue}), wired in the function's composition root.
 */
@FunctionalInterface
public interface Reissuer {

    /** Re-enqueues the items and returns how many were enqueued. */
    int reissue(String accountId);
}
