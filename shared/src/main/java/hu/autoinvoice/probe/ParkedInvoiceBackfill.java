package hu.autoinvoice.probe;

/**
 * Re-enqueues an account's {@code PARKED} ledger items to {@code invoice-requests} (the issuer's ledger keeps
 * re-issuing idempotent). Implemented by the ledger's requeue; the probe calls it once per recovery.
 */
@FunctionalInterface
public interface ParkedInvoiceBackfill {

    /**
     * @return how many items were re-enqueued
     * @throws RuntimeException when the items could not all be re-enqueued; the probe then does not mark the
     *     account backfilled, so the next run tries again
     */
    int backfill(String accountId);
}
