package hu.autoinvoice.issuer;

import hu.autoinvoice.ledger.Cause;
import hu.autoinvoice.ledger.LedgerEntry;
import hu.autoinvoice.ledger.PurchaseHead;
import hu.autoinvoice.ledger.Reason;
import java.time.Instant;
import java.util.Optional;

/**
 * What the issuer does for a {@code purchase.amended} (docs/ISSUING.md, Amendments), decided without I/O: at the
 * purchase's head ({@link #atHead}), then for each older revision item that must stop being live ({@link #older}).
 * {@code AmendVerdictTest} checks every case.
 */
sealed interface AmendVerdict {

    /** A newer revision was already accepted: this one is acknowledged and ignored. */
    record Stale(long newest) implements AmendVerdict {}

    /** The purchase was refunded as a whole before this revision: the amendment goes to the DLQ with the cause. */
    record Refuse(Cause cause) implements AmendVerdict {}

    /**
     * Go on: supersede every older revision, then issue this one, or, {@code wholeRefund}, retire this one as well
     * (no line left, or the purchase was refunded after this revision was accepted).
     */
    record Proceed(boolean wholeRefund) implements AmendVerdict {}

    /**
     * At the head, under its lease. {@code refundedBeforeHead}: the original item holds a {@code purchase.refunded}
     * recorded before the purchase had a head. {@code noLineLeft}: the amendment leaves nothing to invoice.
     */
    static AmendVerdict atHead(PurchaseHead head, long revision, boolean refundedBeforeHead, boolean noLineLeft) {
        if (head.newestRevision() > revision) {
            return new Stale(head.newestRevision());
        }
        if (head.refunded() || refundedBeforeHead) {
            if (head.refunded() && head.newestRevision() == revision) {
                // accepted before the refund came: finish it as the whole refund it now is
                return new Proceed(true);
            }
            return new Refuse(new Cause(Reason.AMENDED_AFTER_REFUND, "purchase " + head.purchaseId()
                    + " was refunded as a whole before revision " + revision + " arrived; a refunded purchase is not "
                    + "invoiced again (send a new purchase)"));
        }
        return new Proceed(noLineLeft);
    }

    /** What to do with one older revision item so that it is never live again. */
    sealed interface Older {}

    /** Reversed or superseded already. */
    record Done() implements Older {}

    /** No invoice and no create that may have made one: {@code SUPERSEDED} (conditional on the item as read). */
    record Supersede() implements Older {}

    /** It holds an invoice: record the amendment as its refund ({@code REFUND_PENDING}) and reverse it. */
    record Reverse(LedgerEntry entry) implements Older {}

    /** A create of unknown outcome may have issued it: mark it query-only (never created again), then drive it. */
    record Mark(LedgerEntry entry) implements Older {}

    /** Marked, nobody holds it: run its own message now (query only: found → reversed at once, not found → superseded). */
    record Drive(LedgerEntry entry) implements Older {}

    /** Marked and held by another delivery (its create or query is under way): retry the amendment later. */
    record Wait(LedgerEntry entry) implements Older {}

    /** The step for an older revision item as read now (absent: never claimed). */
    static Older older(Optional<LedgerEntry> item, Instant now) {
        if (item.isEmpty()) {
            return new Supersede();
        }
        LedgerEntry e = item.get();
        if (e.retired()) {
            return new Done();
        }
        if (e.hasInvoice()) {
            return new Reverse(e);
        }
        // sends counted before each create; the key fingerprint stays until that create's outcome is settled
        if (e.sends() == 0 || e.keyFingerprint().isEmpty()) {
            return new Supersede();
        }
        if (e.supersededBy().isEmpty()) {
            return new Mark(e);
        }
        return e.leaseLive(now) ? new Wait(e) : new Drive(e);
    }
}
