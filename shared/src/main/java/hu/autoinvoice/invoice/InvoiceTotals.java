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

    /** The totals of the invoice a stored {@code purchase.paid} message makes; empty for any other text. */
    public static Optional<InvoiceTotals> ofMessage(String body) {
        if (!(PurchaseMessages.parse(body) instanceof ParseResult.Valid v)) {
            return Optional.empty();
        }
        // an amendment's revision item is invoiced for the purchase as it now stands
        Optional<PurchasePaid> purchase = switch (v.message()) {
            case PurchasePaid paid -> Optional.of(paid);
            case PurchaseAmended amended -> amended.remaining();
            case PurchaseRefunded refunded -> Optional.empty();
        };
        return purchase.filter(p -> InvoiceCalculator.draft(p) instanceof DraftResult.Computed)
                .map(p -> of(((DraftResult.Computed) InvoiceCalculator.draft(p)).draft()));
    }
}
