package hu.autoinvoice.invoice;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the invoice for one purchase says, computed and rounded, in domain words. The Számla Agent
 * request ({@code xmlszamla}) is rendered from this plus the account's {@link InvoiceSettings}; the vendor's
 * Hungarian element names appear only at that XML boundary.
 *
 * @param externalId deterministic id we can query the invoice by later (sent as {@code szamlaKulsoAzon})
 * @param orderNumber the purchase id (sent as {@code rendelesSzam})
 * @param fulfilmentDate the payment day in Europe/Budapest ({@code teljesitesDatum})
 * @param paymentDueDate the payment day in Europe/Budapest ({@code fizetesiHataridoDatum})
 * @param paid true when paid by card at checkout ({@code fizetve})
 * @param currency ISO 4217 code, {@code HUF} for forint
 * @param exchangeRateBank the bank whose rate applies to a non-HUF invoice ({@code MNB}), empty for HUF
 * @param comment free text printed on the invoice, if any
 * @param lines at least one line; discounts are negative lines after the discounted line
 */
public record InvoiceDraft(
        String externalId,
        String orderNumber,
        LocalDate fulfilmentDate,
        LocalDate paymentDueDate,
        PaymentMethod paymentMethod,
        boolean paid,
        String currency,
        Optional<String> exchangeRateBank,
        InvoiceLanguage language,
        Optional<String> comment,
        Buyer buyer,
        List<InvoiceLine> lines) {

    public InvoiceDraft {
        Objects.requireNonNull(externalId, "externalId");
        Objects.requireNonNull(orderNumber, "orderNumber");
        Objects.requireNonNull(fulfilmentDate, "fulfilmentDate");
        Objects.requireNonNull(paymentDueDate, "paymentDueDate");
        Objects.requireNonNull(paymentMethod, "paymentMethod");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(exchangeRateBank, "exchangeRateBank");
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(comment, "comment");
        Objects.requireNonNull(buyer, "buyer");
        lines = List.copyOf(lines);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("an invoice needs at least one line");
        }
    }

    public boolean isHuf() {
        return "HUF".equals(currency);
    }

    /** This draft with other lines (at least one). */
    public InvoiceDraft withLines(List<InvoiceLine> otherLines) {
        return new InvoiceDraft(externalId, orderNumber, fulfilmentDate, paymentDueDate, paymentMethod, paid, currency,
                exchangeRateBank, language, comment, buyer, otherLines);
    }

    /** This draft under another external id. */
    public InvoiceDraft withExternalId(String otherExternalId) {
        return new InvoiceDraft(otherExternalId, orderNumber, fulfilmentDate, paymentDueDate, paymentMethod, paid,
                currency, exchangeRateBank, language, comment, buyer, lines);
    }

    /** The invoice's gross total: the sum of its lines' gross amounts. */
    public java.math.BigDecimal grossTotal() {
        return lines.stream().map(InvoiceLine::grossAmount).reduce(java.math.BigDecimal.ZERO, java.math.BigDecimal::add);
    }
}
