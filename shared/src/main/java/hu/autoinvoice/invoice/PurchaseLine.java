package hu.autoinvoice.invoice;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/**
 * One line of a paid purchase, as the checkout backend sent it.
 *
 * @param quantity positive
 * @param unitPrice gross when {@code priceIncludesVat}, else net; negative for a discount line, which follows the
 *        line it discounts and has the same VAT rate
 * @param priceIncludesVat true for the usual ticket price (computed gross-first so the total equals what was paid)
 * @param comment printed under the line (e.g. the event date)
 */
public record PurchaseLine(
        String name,
        BigDecimal quantity,
        String unit,
        BigDecimal unitPrice,
        boolean priceIncludesVat,
        VatRate vat,
        Optional<String> comment) {

    public PurchaseLine {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(quantity, "quantity");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(unitPrice, "unitPrice");
        Objects.requireNonNull(vat, "vat");
        Objects.requireNonNull(comment, "comment");
    }

    /** True for a discount line (negative unit price). */
    public boolean isDiscount() {
        return unitPrice.signum() < 0;
    }
}
