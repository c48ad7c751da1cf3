package hu.autoinvoice.invoice;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/** An invoice's totals as the calculator makes them (sums of its lines), in its currency. */
public record InvoiceTotals(BigDecimal net, BigDecimal vat, BigDecimal gross, String currency) {

    public InvoiceTotals {
        Objects.requireNonNull(net, "net");
        Objects.requireNonNull(vat, "vat");
        Objects.requireNonNull(gross, "gross");
        Objects.requireNonNull(currency, "currency");
    }

    public static InvoiceTotals of(InvoiceDraft draft) {
        BigDecimal net = BigDecimal.ZERO;
        BigDecimal vat = BigDecimal.ZERO;
        for (InvoiceLine line : draft.lines()) {
            net = net.add(line.netAmount());
            vat = vat.add(line.vatAmount());
        }
        return new InvoiceTotals(net, vat, draft.grossTotal(), draft.currency());
    }

    /** The totals of the invoice a stored message makes ({@link #invoicedPurchase}); empty for any other text. */
    public static Optional<InvoiceTotals> ofMessage(String body) {
        return invoicedPurchase(body).flatMap(InvoiceTotals::of);
    }

    /**
     * The totals of the document a stored message makes when issued as {@code type}: an invoice's ({@link #ofMessage}),
     * or a receipt's — the same gross, net and VAT summed from the receipt's lines ({@link ReceiptLine#of}: VAT
     * re-derived from each line's gross to cents, so they can differ from the invoice's by a fraction of a forint).
     */
    public static Optional<InvoiceTotals> ofMessage(String body, DocumentType type) {
        if (type == DocumentType.INVOICE) {
            return ofMessage(body);
        }
        return invoicedPurchase(body).flatMap(p -> InvoiceCalculator.draft(p) instanceof DraftResult.Computed c
                ? Optional.of(ofReceipt(c.draft())) : Optional.empty());
    }

    /** The totals of the receipt a computed invoice becomes ({@link ReceiptDraft#of}): sums of its receipt lines. */
    public static InvoiceTotals ofReceipt(InvoiceDraft draft) {
        BigDecimal net = BigDecimal.ZERO;
        BigDecimal vat = BigDecimal.ZERO;
        BigDecimal gross = BigDecimal.ZERO;
        for (InvoiceLine line : draft.lines()) {
            ReceiptLine receipt = ReceiptLine.of(line);
            net = net.add(receipt.netAmount());
            vat = vat.add(receipt.vatAmount());
            gross = gross.add(receipt.grossAmount());
        }
        return new InvoiceTotals(net, vat, gross, draft.currency());
    }

    /** The totals of the invoice a purchase makes; empty when the calculator refuses it. */
    public static Optional<InvoiceTotals> of(PurchasePaid purchase) {
        return InvoiceCalculator.draft(purchase) instanceof DraftResult.Computed c ? Optional.of(of(c.draft()))
                : Optional.empty();
    }

    /**
     * The purchase a stored ledger message invoices: a {@code purchase.paid} as it is, an amendment's revision as it
     * now stands; empty for a refund, an amendment with no line left, or text that does not parse.
     */
    public static Optional<PurchasePaid> invoicedPurchase(String body) {
        if (!(PurchaseMessages.parse(body) instanceof ParseResult.Valid v)) {
            return Optional.empty();
        }
        return switch (v.message()) {
            case PurchasePaid paid -> Optional.of(paid);
            case PurchaseAmended amended -> amended.remaining();
            case PurchaseRefunded refunded -> Optional.empty();
        };
    }
}
