package hu.autoinvoice.events;

import hu.autoinvoice.invoice.DocumentType;
import hu.autoinvoice.invoice.InvoiceTotals;
import hu.autoinvoice.json.JsonValues;
import hu.autoinvoice.ledger.LedgerEntry;
import hu.autoinvoice.ledger.Outcome;
import hu.autoinvoice.ledger.PendingOutcome;
import hu.autoinvoice.ledger.PurchaseHead;
import hu.autoinvoice.ledger.Reason;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One outcome event as published (the EventBridge detail, version 1; schema
 * {@code events/schema/invoice-outcome.v1.schema.json}). Carries no buyer data and never a key.
 *
 * @param eventId the same for the same outcome of the same item: consumers dedupe on it
 * @param revision the purchase's revision the item invoices: 0 as paid, r for its amendment r (the events of an
 *     amended purchase name the same purchase id)
 * @param occurredAt when the ledger recorded the outcome
 * @param documentType what the item issues ({@link LedgerEntry#documentType()}): an invoice, or a receipt — then
 *     {@code invoiceNumber} / {@code stornoNumber} are the receipt's and its storno's, {@code eInvoice} is
 *     {@code false} (a receipt is never an e-invoice) and {@code totals} the receipt's. The event types stay
 *     {@code invoice.*}
 * @param totals the invoice's (or receipt's) totals, from the stored purchase message (empty when it has none or it
 *     does not compute)
 */
public record OutcomeEvent(UUID eventId, Outcome outcome, Instant occurredAt, String accountId, String purchaseId,
        long revision, DocumentType documentType, Optional<String> invoiceNumber, Optional<String> stornoNumber,
        Optional<Boolean> eInvoice, Optional<InvoiceTotals> totals, Optional<Instant> paidAt, Optional<Reason> reason) {

    /** The EventBridge source of every outcome event. */
    public static final String SOURCE = "hu.autoinvoice";
    /** The detail's version. */
    public static final int VERSION = 1;

    public OutcomeEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(purchaseId, "purchaseId");
        Objects.requireNonNull(documentType, "documentType");
        Objects.requireNonNull(invoiceNumber, "invoiceNumber");
        Objects.requireNonNull(stornoNumber, "stornoNumber");
        Objects.requireNonNull(eInvoice, "eInvoice");
        Objects.requireNonNull(totals, "totals");
        Objects.requireNonNull(paidAt, "paidAt");
        Objects.requireNonNull(reason, "reason");
    }

    /** The event of an outcome pending on {@code entry} (its totals and paid time come from the item). */
    public static OutcomeEvent of(LedgerEntry entry, PendingOutcome pending) {
        return of(entry, pending, pending.invoiceNumber().isPresent() ? entry.eInvoice().or(() -> Optional.of(false))
                : Optional.empty());
    }

    /**
     * The {@code invoice.issued} of a claimed item before the ledger records it ({@code claimed} as the claim wrote it:
     * its body and paid time, and its document type as the send fixed it; {@code eInvoice} as the vendor issued it).
     */
    public static OutcomeEvent issuedAhead(LedgerEntry claimed, PendingOutcome issued, boolean eInvoice) {
        return of(claimed, issued, Optional.of(eInvoice));
    }

    private static OutcomeEvent of(LedgerEntry entry, PendingOutcome pending, Optional<Boolean> eInvoice) {
        DocumentType type = entry.documentType();
        // a revision item (purchaseId#r<n>) reports the purchase it invoices and its revision
        return new OutcomeEvent(pending.eventId(), pending.outcome(), pending.at(), entry.accountId(),
                PurchaseHead.purchaseOf(entry.purchaseId()), PurchaseHead.revisionOfItem(entry.purchaseId()), type,
                pending.invoiceNumber(), pending.stornoNumber(),
                type == DocumentType.RECEIPT ? eInvoice.map(e -> false) : eInvoice,
                entry.messageBody().flatMap(body -> InvoiceTotals.ofMessage(body, type)), entry.paidAt(),
                pending.reason());
    }

    /** The EventBridge detail-type: {@code invoice.issued}, {@code invoice.parked}, ... */
    public String detailType() {
        return outcome.eventType();
    }

    /** The EventBridge detail: every key present, {@code null} where it does not apply; amounts as decimal strings. */
    public String detailJson() {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("type", detailType());
        detail.put("version", VERSION);
        detail.put("eventId", eventId.toString());
        detail.put("occurredAt", occurredAt.toString());
        detail.put("accountId", accountId);
        detail.put("purchaseId", purchaseId);
        detail.put("revision", revision);
        detail.put("documentType", documentType.apiValue());
        detail.put("invoiceNumber", invoiceNumber.orElse(null));
        detail.put("stornoNumber", stornoNumber.orElse(null));
        detail.put("eInvoice", eInvoice.orElse(null));
        detail.put("totals", totals.map(OutcomeEvent::totalsJson).orElse(null));
        detail.put("paidAt", paidAt.map(Instant::toString).orElse(null));
        detail.put("reason", reason.map(Reason::name).orElse(null));
        return JsonValues.toJson(detail);
    }

    private static Map<String, Object> totalsJson(InvoiceTotals t) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("net", t.net().toPlainString());
        json.put("vat", t.vat().toPlainString());
        json.put("gross", t.gross().toPlainString());
        json.put("currency", t.currency());
        return json;
    }
}
