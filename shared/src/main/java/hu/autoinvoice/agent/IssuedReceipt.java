package hu.autoinvoice.agent;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/**
 * A receipt the Agent answered ({@code xmlnyugtavalasz}): a created receipt, a receipt storno, or a get's find.
 *
 * @param number the receipt's number ({@code nyugtaszam})
 * @param type a receipt, or a receipt storno
 * @param reversed the receipt has been reversed ({@code stornozott})
 * @param reverses for a storno, the number of the receipt it reverses ({@code stornozottNyugtaszam})
 * @param callId the call id it was issued with ({@code hivasAzonosito}), if any
 * @param orderNumber {@code rendelesSzam}, if any
 * @param netTotal net total (negative on a storno)
 * @param vatTotal VAT total
 * @param grossTotal gross total
 * @param pdf the PDF when the answer carried one
 */
public record IssuedReceipt(
        String number,
        ReceiptType type,
        boolean reversed,
        Optional<String> reverses,
        Optional<String> callId,
        Optional<String> orderNumber,
        BigDecimal netTotal,
        BigDecimal vatTotal,
        BigDecimal grossTotal,
        Optional<byte[]> pdf) {

    /** The vendor's receipt types ({@code alap/tipus}). */
    public enum ReceiptType {
        /** A receipt ({@code NY}). */
        RECEIPT("NY"),
        /** A receipt storno ({@code SN}). */
        STORNO("SN");

        private final String agentValue;

        ReceiptType(String agentValue) {
            this.agentValue = agentValue;
        }

        public String agentValue() {
            return agentValue;
        }

        static Optional<ReceiptType> of(String agentValue) {
            for (ReceiptType t : values()) {
                if (t.agentValue.equals(agentValue)) {
                    return Optional.of(t);
                }
            }
            return Optional.empty();
        }
    }

    public IssuedReceipt {
        Objects.requireNonNull(number, "number");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(reverses, "reverses");
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(orderNumber, "orderNumber");
        Objects.requireNonNull(netTotal, "netTotal");
        Objects.requireNonNull(vatTotal, "vatTotal");
        Objects.requireNonNull(grossTotal, "grossTotal");
        Objects.requireNonNull(pdf, "pdf");
    }

    @Override
    public String toString() {
        return "IssuedReceipt[" + number + ", " + type + (reversed ? ", reversed" : "")
                + reverses.map(r -> ", reverses " + r).orElse("") + ", gross=" + grossTotal.toPlainString()
                + ", pdf=" + pdf.map(p -> p.length + " bytes").orElse("none") + "]";
    }
}
