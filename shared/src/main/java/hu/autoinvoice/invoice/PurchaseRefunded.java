package hu.autoinvoice.invoice;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** A {@code purchase.refunded} v1 message: the purchase was refunded or cancelled; its invoice is to be reversed. */
public record PurchaseRefunded(
        String purchaseId,
        String accountId,
        Instant refundedAt,
        Optional<String> reason) implements InvoiceRequestMessage {

    /** The message type. */
    public static final String TYPE = "purchase.refunded";

    public PurchaseRefunded {
        Objects.requireNonNull(purchaseId, "purchaseId");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(refundedAt, "refundedAt");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String type() {
        return TYPE;
    }
}
