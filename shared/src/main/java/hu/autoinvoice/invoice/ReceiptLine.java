package hu.autoinvoice.invoice;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * One computed receipt line. Receipts are gross-priced: the gross is what the buyer paid, VAT and net are derived
 * from it so that net + VAT = gross exactly ({@link #ofGross}).
 *
 * @param netUnitPrice net / quantity to {@value InvoiceCalculator#NET_UNIT_PRICE_SCALE} decimals
 */
public record ReceiptLine(
        String name,
        BigDecimal quantity,
        String unit,
        BigDecimal netUnitPrice,
        VatRate vatRate,
        BigDecimal netAmount,
        BigDecimal vatAmount,
        BigDecimal grossAmount) implements DocumentLine {

    /** Decimals of a receipt line's VAT and net (the vendor's limit on HUF receipts: codes 364, 365). */
    public static final int AMOUNT_SCALE = 2;

    public ReceiptLine {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(quantity, "quantity");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(netUnitPrice, "netUnitPrice");
        Objects.requireNonNull(vatRate, "vatRate");
        Objects.requireNonNull(netAmount, "netAmount");
        Objects.requireNonNull(vatAmount, "vatAmount");
        Objects.requireNonNull(grossAmount, "grossAmount");
        if (netAmount.add(vatAmount).compareTo(grossAmount) != 0) {
            throw new IllegalArgumentException("net + VAT must equal the gross on a receipt line");
        }
    }

    /**
     * A line from its gross unit price: gross = unit price × quantity, rounded half up to whole forints for HUF (the
     * vendor refuses a fractional HUF receipt gross: 363) and to cents otherwise; VAT =
     * {@link InvoiceCalculator#vatOfGross} to cents (HUF receipts allow 2 decimals: 364 / 365); net = gross − VAT.
     * Special VAT codes carry no VAT (net = gross).
     */
    public static ReceiptLine ofGross(String name, BigDecimal quantity, String unit, BigDecimal grossUnitPrice,
            VatRate vatRate, String currency) {
        Objects.requireNonNull(quantity, "quantity");
        int grossScale = "HUF".equals(currency) ? 0 : AMOUNT_SCALE;
        return ofLineGross(name, quantity, unit,
                grossUnitPrice.multiply(quantity).setScale(grossScale, RoundingMode.HALF_UP), vatRate);
    }

    /**
     * A line whose gross is already rounded (whole forints for HUF): VAT = {@link InvoiceCalculator#vatOfGross} to
     * cents, net = gross − VAT, net unit price = net / quantity. The receipt of a purchase takes each line's gross from
     * the invoice calculator ({@link #of(InvoiceLine)}), so a receipt totals exactly what its invoice would.
     */
    public static ReceiptLine ofLineGross(String name, BigDecimal quantity, String unit, BigDecimal gross,
            VatRate vatRate) {
        Objects.requireNonNull(quantity, "quantity");
        if (quantity.signum() <= 0) {
            throw new IllegalArgumentException("quantity must be greater than 0");
        }
        BigDecimal vat = InvoiceCalculator.vatOfGross(gross, vatRate.percent(), AMOUNT_SCALE);
        BigDecimal net = gross.subtract(vat);
        BigDecimal netUnitPrice = net.divide(quantity, InvoiceCalculator.NET_UNIT_PRICE_SCALE, RoundingMode.HALF_UP)
                .stripTrailingZeros();
        return new ReceiptLine(name, quantity, unit, netUnitPrice.scale() < 0 ? netUnitPrice.setScale(0) : netUnitPrice,
                vatRate, net, vat, gross);
    }

    /** The receipt line for a computed invoice line: the same gross, VAT re-derived from it (see {@link #ofLineGross}). */
    public static ReceiptLine of(InvoiceLine line) {
        return ofLineGross(line.name(), line.quantity(), line.unit(), line.grossAmount(), line.vatRate());
    }
}
