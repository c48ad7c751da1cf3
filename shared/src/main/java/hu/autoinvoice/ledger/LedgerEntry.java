package hu.autoinvoice.ledger;

import hu.autoinvoice.invoice.DocumentType;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One item of the invoices ledger (pk {@code accountId}, sk {@code purchaseId}).
 *
 * @param sends create calls ever made for this purchase (incremented before each call, so a crash still counts)
 * @param leaseUntil while in the future, a claim is live and nobody else may send
 * @param fencingToken the token of the last claim; every write of the claimant is conditional on it
 * @param eInvoice the form the invoice was issued in (a storno must use the same)
 * @param reason why the item was last parked, held, released or failed (empty for a name this version does not know)
 * @param lastError the vendor's (or our) message for {@code reason}; never contains a key
 * @param messageBody the original {@code purchase.paid} message, re-enqueued by {@link InvoiceRequeue}
 * @param refundBody the {@code purchase.refunded} message, once a refund arrived
 * @param revision incremented by every write (compare-and-set of the claim)
 * @param keyFingerprint the fingerprint of the Agent key (the account's {@code keyFingerprint}) of the create whose
 *     outcome is not settled, or, with an invoice, of the key whose Számlázz.hu account holds it; absent on items
 *     written before it was recorded (then nothing is checked)
 * @param paidAt when the purchase was paid (a refund-first item: when refunded, until its purchase is claimed); the
 *     sort key of the listing index; absent on items written before it was recorded
 * @param issuedAt when the ledger recorded the invoice
 * @param history the item's last steps, oldest first (empty on items written before it was recorded)
 * @param outbox outcomes recorded but not yet published as events, oldest first
 * @param supersededBy the revision of the amendment that marked this item while a create of unknown outcome may have
 *     issued its invoice: it may only be queried, never created again (docs/ISSUING.md, Amendments)
 * @param documentType what the item's creates make: an invoice, or a receipt (then {@code invoiceNumber} and
 *     {@code stornoNumber} hold the receipt's and its storno's numbers). Written by every claim before any create was
 *     sent (what one would make then) and fixed by the first create counted; {@code INVOICE} on items written before
 *     receipts
 */
public record LedgerEntry(
        String accountId,
        String purchaseId,
        LedgerState state,
        String externalId,
        int sends,
        Optional<Instant> leaseUntil,
        Optional<String> fencingToken,
        Optional<String> invoiceNumber,
        Optional<Boolean> eInvoice,
        Optional<String> stornoNumber,
        Optional<Reason> reason,
        Optional<String> lastError,
        Optional<String> messageBody,
        Optional<String> refundBody,
        long revision,
        Instant updatedAt,
        Optional<String> keyFingerprint,
        Optional<Instant> paidAt,
        Optional<Instant> issuedAt,
        List<HistoryEntry> history,
        List<PendingOutcome> outbox,
        Optional<Long> supersededBy,
        DocumentType documentType) {

    /** An item no amendment marked. */
    public LedgerEntry(String accountId, String purchaseId, LedgerState state, String externalId, int sends,
            Optional<Instant> leaseUntil, Optional<String> fencingToken, Optional<String> invoiceNumber,
            Optional<Boolean> eInvoice, Optional<String> stornoNumber, Optional<Reason> reason, Optional<String> lastError,
            Optional<String> messageBody, Optional<String> refundBody, long revision, Instant updatedAt,
            Optional<String> keyFingerprint, Optional<Instant> paidAt, Optional<Instant> issuedAt,
            List<HistoryEntry> history, List<PendingOutcome> outbox) {
        this(accountId, purchaseId, state, externalId, sends, leaseUntil, fencingToken, invoiceNumber, eInvoice,
                stornoNumber, reason, lastError, messageBody, refundBody, revision, updatedAt, keyFingerprint, paidAt,
                issuedAt, history, outbox, Optional.empty(), DocumentType.INVOICE);
    }

    public LedgerEntry {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(purchaseId, "purchaseId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(externalId, "externalId");
        Objects.requireNonNull(leaseUntil, "leaseUntil");
        Objects.requireNonNull(fencingToken, "fencingToken");
        Objects.requireNonNull(invoiceNumber, "invoiceNumber");
        Objects.requireNonNull(eInvoice, "eInvoice");
        Objects.requireNonNull(stornoNumber, "stornoNumber");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(lastError, "lastError");
        Objects.requireNonNull(messageBody, "messageBody");
        Objects.requireNonNull(refundBody, "refundBody");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(keyFingerprint, "keyFingerprint");
        Objects.requireNonNull(paidAt, "paidAt");
        Objects.requireNonNull(issuedAt, "issuedAt");
        history = List.copyOf(history);
        outbox = List.copyOf(outbox);
        Objects.requireNonNull(supersededBy, "supersededBy");
        Objects.requireNonNull(documentType, "documentType");
    }

    /** True when an amendment replaced this revision: no create may be sent for it any more (query only). */
    public boolean superseding() {
        return supersededBy.isPresent() || state == LedgerState.SUPERSEDED;
    }

    /** True when this revision can never hold a live invoice again: reversed, or superseded without one. */
    public boolean retired() {
        return state == LedgerState.REVERSED || state == LedgerState.SUPERSEDED;
    }

    /**
     * True when the invoice exists, a refund was recorded and its storno is still due: {@code REFUND_PENDING} (and,
     * for items written before that state existed, {@code ISSUED} or {@code PARKED} with a refund). A refund whose
     * storno was refused ({@code FAILED}) is not pending: it waits for a person.
     */
    public boolean refundPending() {
        return refundBody.isPresent() && hasInvoice()
                && (state == LedgerState.REFUND_PENDING || state == LedgerState.ISSUED || state == LedgerState.PARKED);
    }

    /** True when an invoice exists for this purchase (issued, possibly parked again for its refund, or reversed). */
    public boolean hasInvoice() {
        return invoiceNumber.isPresent();
    }

    /** True when the item's documents may live in another Számlázz.hu account than the one of {@code currentKey}. */
    public boolean fromAnotherKey(String currentKey) {
        return keyFingerprint.filter(fp -> !fp.equals(currentKey)).isPresent();
    }

    /** The item by its invoice (the refund writes' handle); empty without an invoice. */
    public Optional<InvoicedItem> invoiced() {
        return invoiceNumber.map(number -> new InvoicedItem(accountId, purchaseId, number));
    }

    /** True while another claimant's lease runs. */
    public boolean leaseLive(Instant now) {
        return state == LedgerState.SENDING && leaseUntil.map(now::isBefore).orElse(false);
    }

    @Override
    public String toString() {
        return "LedgerEntry[" + accountId + "/" + purchaseId + " " + state + " sends=" + sends
                + invoiceNumber.map(n -> " invoice=" + n).orElse("") + stornoNumber.map(n -> " storno=" + n).orElse("")
                + reason.map(r -> " reason=" + r).orElse("")
                + (documentType == DocumentType.INVOICE ? "" : " " + documentType.apiValue()) + "]";
    }
}
