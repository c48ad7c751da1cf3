package hu.autoinvoice.agent;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A document the Agent confirmed (created invoice, storno, or a PDF query's answer; a receipt or receipt storno by
 * {@link #ofReceipt}).
 *
 * @param invoiceNumber the document's number ({@code szamlaszam}); for a storno the new storno's number
 * @param netTotal net total ({@code szamlanetto}); negative for a storno
 * @param grossTotal gross total ({@code szamlabrutto})
 * @param outstanding the unpaid part of this invoice ({@code kintlevoseg}), not the account's debt
 * @param buyerPortalUrl the customer-portal link, when the account has it enabled
 * @param pdf the PDF bytes when the reply carried one
 * @param warningCode set when the vendor issued the document but reported a warning (56: notification e-mail failed)
 */
public record IssuedDocument(
        String invoiceNumber,
        Optional<BigDecimal> netTotal,
        Optional<BigDecimal> grossTotal,
        Optional<BigDecimal> outstanding,
        Optional<String> buyerPortalUrl,
        Optional<byte[]> pdf,
        OptionalInt warningCode) {

    public IssuedDocument {
        Objects.requireNonNull(invoiceNumber, "invoiceNumber");
        Objects.requireNonNull(netTotal, "netTotal");
        Objects.requireNonNull(grossTotal, "grossTotal");
        Objects.requireNonNull(outstanding, "outstanding");
        Objects.requireNonNull(buyerPortalUrl, "buyerPortalUrl");
        Objects.requireNonNull(pdf, "pdf");
        Objects.requireNonNull(warningCode, "warningCode");
    }

    /** A receipt or receipt storno the Agent confirmed, read as a confirmed document. */
    public static IssuedDocument ofReceipt(IssuedReceipt receipt) {
        return new IssuedDocument(receipt.number(), Optional.of(receipt.netTotal()), Optional.of(receipt.grossTotal()),
                Optional.empty(), Optional.empty(), receipt.pdf(), OptionalInt.empty());
    }

    @Override
    public String toString() {
        return "IssuedDocument[" + invoiceNumber + ", net=" + netTotal.map(BigDecimal::toPlainString).orElse("?")
                + ", gross=" + grossTotal.map(BigDecimal::toPlainString).orElse("?")
                + ", pdf=" + pdf.map(p -> p.length + " bytes").orElse("none")
                + (warningCode.isPresent() ? ", warning=" + warningCode.getAsInt() : "") + "]";
    }
}
