package hu.autoinvoice.agent;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * What an invoice data query ({@code xmlszamlaxml}) returned about one document, or a receipt get
 * ({@code xmlnyugtaget}) about one receipt ({@link #ofReceipt}): the issuer reads both the same way.
 *
 * @param documentType the vendor's {@code alap/tipus}: {@code SZ} invoice, {@code SS} storno, {@code D} proforma, …;
 *     {@code NY} receipt, {@code SN} receipt storno
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
    /** Receipt document type. */
    public static final String TYPE_RECEIPT = IssuedReceipt.ReceiptType.RECEIPT.agentValue();
    /** Receipt storno document type. */
    public static final String TYPE_RECEIPT_STORNO = IssuedReceipt.ReceiptType.STORNO.agentValue();

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

    /** True for a storno document ({@code SS}, or a receipt's {@code SN}). */
    public boolean isStorno() {
        return TYPE_STORNO.equals(documentType) || TYPE_RECEIPT_STORNO.equals(documentType);
    }

    /** True for a document a purchase is issued as: an ordinary invoice ({@code SZ}) or a receipt ({@code NY}). */
    public boolean isIssuable() {
        return TYPE_INVOICE.equals(documentType) || TYPE_RECEIPT.equals(documentType);
    }

    /** A receipt the Agent answered, read as document data (a receipt is never an e-invoice and names no buyer). */
    public static InvoiceData ofReceipt(IssuedReceipt receipt) {
        return new InvoiceData(receipt.number(), receipt.type().agentValue(), receipt.orderNumber(), false,
                receipt.reversed(), receipt.reverses(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(receipt.netTotal()), Optional.of(receipt.vatTotal()), Optional.of(receipt.grossTotal()),
                Optional.empty(), receipt.pdf());
    }

    @Override
    public String toString() {
        return "InvoiceData[" + invoiceNumber + ", type=" + documentType + ", order=" + orderNumber.orElse("-")
                + ", eInvoice=" + eInvoice + ", reversed=" + reversed
                + ", gross=" + grossTotal.map(BigDecimal::toPlainString).orElse("?") + "]";
    }
}
