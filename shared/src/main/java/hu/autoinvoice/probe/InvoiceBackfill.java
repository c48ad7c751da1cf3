package hu.autoinvoice.probe;

/**
 * Re-enqueues a healthy account's unfinished ledger items to {@code invoice-requests}: its parked items, and those
 * stuck in flight (the issuer's ledger keeps re-issuing idempotent). Implemented by the ledger's requeue
 * ({@code InvoiceRequeue#backfill}); the probe calls it for every healthy account on every run, so a backfill
 * converges even when an item is parked after the recovery's one.
 */
@FunctionalInterface
public interface InvoiceBackfill {

    /**
     * @param afterRecovery the account's first run since it turned healthy: every item held for the account goes,
     *     whatever its age
     * @return how many items were re-enqueued
     * @throws RuntimeException when the items could not all be re-enqueued; the probe then does not mark the
     *     account backfilled, so the next run tries again
     */
    int backfill(String accountId, boolean afterRecovery);
}
