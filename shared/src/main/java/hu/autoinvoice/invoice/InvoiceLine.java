package hu.autoinvoice.invoice;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/**
 * One computed invoice line. The amounts are already rounded the way the vendor checks them
 * (net = unit price × quantity, VAT = net × rate, gross = net + VAT, per line; whole forints for HUF).
 *
 * @param netUnitPrice may be fractional (gross-priced HUF lines) and negative (discount lines)
 */
public record InvoiceLine(
        String name,
        BigDecimal quantity,
        String unit,
        BigDecimal netUnitPrice,
        VatRate vatRate,
        BigDecimal netAmount,
        BigDecimal vatAmount,
        BigDecimal grossAmount,
        Optional<String> comment) implements DocumentLine {

    public InvoiceLine {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(quantity, "quantity");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(netUnitPrice, "netUnitPrice");
        Objects.requireNonNull(vatRate, "vatRate");
        Objects.requireNonNull(netAmount, "netAmount");
        Objects.requireNonNull(vatAmount, "vatAmount");
        Objects.requireNonNull(grossAmount, "grossAmount");
        Objects.requireNonNull(comment, "comment");
    }
}
