package hu.autoinvoice.invoice;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A {@code purchase.paid} v1 message: one paid purchase to invoice. Turn it into an invoice with
 * {@link InvoiceCalculator#draft(PurchasePaid)}.
 *
 * @param currency ISO 4217 code
 * @param buyer the buyer; its {@code sendEmail} is the message's top-level {@code sendEmail}
 * @param lines at least one
 */
public record PurchasePaid(
        String purchaseId,
        String accountId,
        Instant paidAt,
        String currency,
        PaymentMethod paymentMethod,
        InvoiceLanguage language,
        Buyer buyer,
        List<PurchaseLine> lines) implements InvoiceRequestMessage {

    /** The message type. */
    public static final String TYPE = "purchase.paid";

    public PurchasePaid {
        Objects.requireNonNull(purchaseId, "purchaseId");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(paidAt, "paidAt");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(paymentMethod, "paymentMethod");
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(buyer, "buyer");
        lines = List.copyOf(lines);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
