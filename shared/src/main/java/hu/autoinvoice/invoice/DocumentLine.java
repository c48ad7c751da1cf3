package hu.autoinvoice.invoice;

import java.math.BigDecimal;

/**
 * What every computed line has, on an invoice or a receipt: name, quantity, unit, net unit price, VAT rate and the
 * three amounts (net + VAT = gross). The vendor's {@code tetel} starts with the same five elements for both.
 */
public sealed interface DocumentLine permits InvoiceLine, ReceiptLine {

    String name();

    BigDecimal quantity();

    String unit();

    BigDecimal netUnitPrice();

    VatRate vatRate();

    BigDecimal netAmount();

    BigDecimal vatAmount();

    BigDecimal grossAmount();
}
