package hu.autoinvoice.agent;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * What an invoice data query ({@code xmlszamlaxml}) returned about one document.
 *
 * @param documentType the vendor's {@code alap/tipus}: {@code SZ} invoice, {@code SS} storno, {@code D} proforma, …
 * @param orderNumber {@code alap/rendelesszam} (a storno inherits its original's)
 * @param eInvoice true when {@code alap/eszamla} says electronic (2 or 3); 1 = paper, 0 = proforma
 * @param reversed {@code alap/sztornozott}: true once a storno exists for this invoice
 * @param referencedNumber {@code alap/hivszamlaszam}: for a storno, the reversed invoice
 * @param buyerName {@code vevo/nev}: live partner data, not a snapshot from issue time
 * @param pdf the PDF when it was asked for and sent
 */
public record InvoiceData(
        String invoiceNumber,
        String documentType,
        Optional<String> orderNumber,
        boolean eInvoice,
        boolean reversed,
        Optional<String> referencedNumber,
        Optional<LocalDate> issueDate,
        Optional<LocalDate> fulfilmentDate,
        Optional<String> currency,
        Optional<BigDecimal> netTotal,
        Optional<BigDecimal> vatTotal,
        Optional<BigDecimal> grossTotal,
        Optional<String> buyerName,
        Optional<byte[]> pdf) {

    /** Storno document type. */
    public static final String TYPE_STORNO = "SS";
    /** Ordinary invoice document type. */
    public static final String TYPE_INVOICE = "SZ";

    public InvoiceData {
        Objects.requireNonNull(invoiceNumber, "invoiceNumber");
        Objects.requireNonNull(documentType, "documentType");
        Objects.requireNonNull(orderNumber, "orderNumber");
        Objects.requireNonNull(referencedNumber, "referencedNumber");
        Objects.requireNonNull(issueDate, "issueDate");
        Objects.requireNonNull(fulfilmentDate, "fulfilmentDate");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(netTotal, "netTotal");
        Objects.requireNonNull(vatTotal, "vatTotal");
        Objects.requireNonNull(grossTotal, "grossTotal");
        Objects.requireNonNull(buyerName, "buyerName");
        Objects.requireNonNull(pdf, "pdf");
    }

    /** True for a storno document ({@code SS}). */
    public boolean isStorno() {
        return TYPE_STORNO.equals(documentType);
    }

    @Override
    public String toString() {
        return "InvoiceData[" + invoiceNumber + ", type=" + documentType + ", order=" + orderNumber.orElse("-")
                + ", eInvoice=" + eInvoice + ", reversed=" + reversed
                + ", gross=" + grossTotal.map(BigDecimal::toPlainString).orElse("?") + "]";
    }
}
