package hu.autoinvoice.connect;

import hu.autoinvoice.invoice.DocumentType;
import hu.autoinvoice.invoice.InvoiceTotals;
import hu.autoinvoice.invoice.PurchasePaid;
import hu.autoinvoice.ledger.HistoryEntry;
import hu.autoinvoice.ledger.LedgerEntry;
import hu.autoinvoice.ledger.LedgerState;
import hu.autoinvoice.ledger.PurchaseHead;
import hu.autoinvoice.ledger.Reason;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One invoice of a purchase as the organiser and the checkout see it: the ledger item of one revision of the purchase,
 * with its total, currency and buyer read from its stored message, and — where it is not issued — why and what to do.
 * Never the key.
 *
 * @param purchaseId the purchase's id (a revision's item id without its {@code #r<n>})
 * @param revision 0 for the purchase as paid, r for its amendment r (docs/ISSUING.md, Amendments)
 * @param documentType what the item issues: an invoice, or an e-receipt (then {@code invoiceNumber} is the receipt's
 *     number and {@code stornoNumber} its storno's); the ledger item's, {@code INVOICE} on items written before receipts
 * @param grossTotal the invoice's gross total as the calculator makes it (empty before the purchase message arrived)
 * @param reason why it is parked, pending or failed (empty once issued or reversed)
 * @param remediation what to do about {@code reason}, in Hungarian and English
 * @param detail the last message for {@code reason} (the vendor's or ours): for support, on the single-item view only
 * @param history the item's steps, oldest first (the last {@value hu.autoinvoice.ledger.InvoiceLedger#HISTORY_LIMIT}):
 *     for support, on the single-item view only
 */
public record InvoiceView(
        String purchaseId,
        long revision,
        DocumentType documentType,
        LedgerState state,
        Optional<String> invoiceNumber,
        Optional<String> stornoNumber,
        Optional<BigDecimal> grossTotal,
        Optional<String> currency,
        Optional<String> buyerName,
        Optional<Instant> paidAt,
        Optional<Instant> issuedAt,
        Optional<Reason> reason,
        Optional<Bilingual> remediation,
        Optional<String> detail,
        int sends,
        Instant updatedAt,
        List<HistoryEntry> history) {

    public InvoiceView {
        Objects.requireNonNull(purchaseId, "purchaseId");
        Objects.requireNonNull(documentType, "documentType");
        Objects.requireNonNull(state, "state");
        history = List.copyOf(history);
    }

    /** The view of a ledger item (of revision 0, or of an amendment's revision item). */
    public static InvoiceView of(LedgerEntry entry) {
        // one parse per item: the purchase the stored message invoices gives totals, currency, buyer and paid time
        Optional<PurchasePaid> paid = entry.messageBody().flatMap(InvoiceTotals::invoicedPurchase);
        Optional<BigDecimal> gross = paid.flatMap(InvoiceTotals::of).map(InvoiceTotals::gross);
        boolean settled = entry.state() == LedgerState.ISSUED || entry.state() == LedgerState.REVERSED
                || entry.state() == LedgerState.SUPERSEDED;
        Optional<Reason> reason = settled ? Optional.empty() : entry.reason();
        return new InvoiceView(PurchaseHead.purchaseOf(entry.purchaseId()), PurchaseHead.revisionOfItem(entry.purchaseId()),
                entry.documentType(), entry.state(), entry.invoiceNumber(), entry.stornoNumber(), gross,
                paid.map(PurchasePaid::currency), paid.map(p -> p.buyer().name()),
                paid.map(PurchasePaid::paidAt).or(entry::paidAt), entry.issuedAt(), reason,
                reason.map(ConnectTexts::remediation), settled ? Optional.empty() : entry.lastError(), entry.sends(),
                entry.updatedAt(), entry.history());
    }
}
