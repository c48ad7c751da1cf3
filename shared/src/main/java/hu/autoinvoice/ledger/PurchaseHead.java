package hu.autoinvoice.ledger;

import java.util.Objects;
import java.util.Optional;

/**
 * The head of an amended purchase: the ledger item {@code purchaseId + "#head"} (docs/ISSUING.md, Amendments). It has
 * no {@code state} and no {@code paidAt}, so the state and paid-date indexes never see it, and {@link InvoiceLedger}
 * reads it only through {@link InvoiceLedger#findHead} / {@link InvoiceLedger#claimHead}. All amendment work for a
 * purchase (and a refund of an amended purchase) runs under the head's lease; every write of the holder is
 * conditional on its fencing {@code token}.
 *
 * @param newestRevision the newest revision accepted (0: only the original purchase)
 * @param newestBody the message body of that revision (absent for 0): what a stale or re-enqueued message finishes
 * @param refunded a whole refund happened (a {@code purchase.refunded}, or an amendment without lines): later
 *     amendments are refused
 * @param token the fencing token of the holder (this delivery, when returned by a claim)
 */
public record PurchaseHead(String accountId, String purchaseId, long newestRevision, Optional<String> newestBody,
        boolean refunded, String token) {

    /** The sort-key suffix of the head item. */
    public static final String SUFFIX = "#head";

    public PurchaseHead {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(purchaseId, "purchaseId");
        Objects.requireNonNull(newestBody, "newestBody");
        Objects.requireNonNull(token, "token");
    }

    /** The ledger item id of revision {@code revision} of {@code purchaseId}: the purchase id itself for 0. */
    public static String itemId(String purchaseId, long revision) {
        return revision == 0 ? purchaseId : purchaseId + "#r" + revision;
    }

    /** The revision of ledger item {@code itemId} of {@code purchaseId}; empty when it is no revision item of it. */
    public static Optional<Long> revisionOf(String purchaseId, String itemId) {
        if (itemId.equals(purchaseId)) {
            return Optional.of(0L);
        }
        String prefix = purchaseId + "#r";
        if (!itemId.startsWith(prefix)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(itemId.substring(prefix.length())));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * The revision a ledger item of a purchase (its item id: {@code purchaseId} or {@code purchaseId#r<n>}) invoices,
     * as the invoice routes and outcome events show it: 0 for the purchase as paid.
     */
    public static long revisionOfItem(String itemId) {
        return revisionOf(purchaseOf(itemId), itemId).orElse(0L);
    }

    /** The purchase id of a ledger item id (the part before {@code #}). */
    public static String purchaseOf(String itemId) {
        int hash = itemId.indexOf('#');
        return hash < 0 ? itemId : itemId.substring(0, hash);
    }
}
