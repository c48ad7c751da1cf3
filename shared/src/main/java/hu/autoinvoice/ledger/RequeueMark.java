package hu.autoinvoice.ledger;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The requeue mark of a ledger item: when its last re-queued copy was put on the queue ({@code requeuedAt}) and how
 * many copies were re-queued since an issuer last took the item ({@code requeues}). Written by {@link InvoiceRequeue}
 * with a conditional write before a copy is sent; removed by the writes with which the issuer takes the item up
 * ({@link InvoiceLedger#claim}, {@link InvoiceLedger#recordRefund}), in those same writes. {@link RequeueBound} decides
 * from it whether another copy may go.
 *
 * @param copies at least 1
 */
public record RequeueMark(Instant at, int copies) {

    public RequeueMark {
        Objects.requireNonNull(at, "at");
        if (copies < 1) {
            throw new IllegalArgumentException("a mark counts at least one copy");
        }
    }

    /** The mark as stored on an item (the table's or an index's, projection ALL); empty when none. */
    static Optional<RequeueMark> of(Map<String, AttributeValue> item) {
        AttributeValue at = item.get(InvoiceLedger.REQUEUED_AT);
        if (at == null || at.s() == null) {
            return Optional.empty();
        }
        AttributeValue copies = item.get(InvoiceLedger.REQUEUES);
        int n = copies == null || copies.n() == null ? 1 : Math.max(1, Integer.parseInt(copies.n()));
        return Optional.of(new RequeueMark(Instant.parse(at.s()), n));
    }
}
