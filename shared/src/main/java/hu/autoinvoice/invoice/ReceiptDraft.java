package hu.autoinvoice.invoice;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Everything one receipt (nyugta) says, computed and rounded, in domain words; rendered into {@code xmlnyugtacreate}
 * at the XML boundary. A receipt names no buyer.
 *
 * @param prefix the receipt number prefix ({@code elotag}): upper-case letters and digits, not an invoice prefix
 * @param callId sent as {@code hivasAzonosito}: a repeat is refused (338) and the receipt found by it
 * @param currency ISO 4217 code, {@code HUF} for forint
 * @param orderNumber the purchase id ({@code rendelesSzam}), if any
 * @param comment printed on the receipt, if any
 * @param lines at least one gross-priced line
 */
public record ReceiptDraft(
        String prefix,
        CallId callId,
        PaymentMethod paymentMethod,
        String currency,
        Optional<String> orderNumber,
        Optional<String> comment,
        List<ReceiptLine> lines) {

    /** The vendor's receipt prefix format (research §2.12; else 337). */
    public static final Pattern PREFIX = Pattern.compile("[A-Z0-9]+");

    public ReceiptDraft {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(paymentMethod, "paymentMethod");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(orderNumber, "orderNumber");
        Objects.requireNonNull(comment, "comment");
        lines = List.copyOf(lines);
        if (!PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("a receipt prefix is upper-case letters and digits only");
        }
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("a receipt has at least one line");
        }
    }

    /**
     * The receipt of a purchase, from its computed invoice (the calculator's checks and rounding, one place): the same
     * payment method, currency, order number and comment, each line's gross kept and its VAT re-derived to cents
     * ({@link ReceiptLine#of}), so the receipt totals what the invoice would. The buyer is left out: a receipt names
     * none.
     */
    public static ReceiptDraft of(InvoiceDraft invoice, String prefix, CallId callId) {
        return new ReceiptDraft(prefix, callId, invoice.paymentMethod(), invoice.currency(),
                Optional.of(invoice.orderNumber()), invoice.comment(),
                invoice.lines().stream().map(ReceiptLine::of).toList());
    }

    /** The receipt's gross total: the sum of the lines' gross. */
    public BigDecimal grossTotal() {
        return lines.stream().map(ReceiptLine::grossAmount).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
