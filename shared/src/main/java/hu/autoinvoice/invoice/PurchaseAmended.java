package hu.autoinvoice.invoice;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@code purchase.amended} v1 message: the purchase as it now stands after a change (a partial refund, a buyer
 * correction). Revisions may arrive out of order and more than once: the newest revision wins, an older one is
 * acknowledged and ignored. The original {@code purchase.paid} is revision 0.
 *
 * @param revision 1 to {@link Integer#MAX_VALUE}, increasing with every change of the purchase
 * @param amendedAt when the change was made
 * @param paidAt the original payment time
 * @param currency ISO 4217 code
 * @param buyer the buyer; its {@code sendEmail} is the message's top-level {@code sendEmail}
 * @param lines the lines that remain; empty when nothing remains (a whole refund)
 */
public record PurchaseAmended(
        String purchaseId,
        String accountId,
        long revision,
        Instant amendedAt,
        Instant paidAt,
        String currency,
        PaymentMethod paymentMethod,
        InvoiceLanguage language,
        Buyer buyer,
        List<PurchaseLine> lines) implements InvoiceRequestMessage {

    /** The message type. */
    public static final String TYPE = "purchase.amended";

    public PurchaseAmended {
        Objects.requireNonNull(purchaseId, "purchaseId");
        Objects.requireNonNull(accountId, "accountId");
        if (revision < 1 || revision > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("revision must be 1 to " + Integer.MAX_VALUE + ": " + revision);
        }
        Objects.requireNonNull(amendedAt, "amendedAt");
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

    /** The purchase as it now stands, to invoice like a {@code purchase.paid}; empty when no line remains. */
    public Optional<PurchasePaid> remaining() {
        return lines.isEmpty() ? Optional.empty()
                : Optional.of(new PurchasePaid(purchaseId, accountId, paidAt, currency, paymentMethod, language, buyer,
                        lines));
    }
}
