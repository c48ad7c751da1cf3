package hu.autoinvoice.agent;

import hu.autoinvoice.invoice.CallId;
import java.util.Objects;

/**
 * How a receipt get ({@code xmlnyugtaget}) finds a receipt: by its number or by the call id it was issued with. (The
 * vendor's published XSD has no order-number selector for receipts.)
 */
public sealed interface ReceiptSelector {

    /** By receipt number ({@code nyugtaszam}). */
    record ByNumber(String value) implements ReceiptSelector {
        public ByNumber {
            Objects.requireNonNull(value, "value");
        }
    }

    /** By call id ({@code hivasAzonosito}). */
    record ByCallId(CallId value) implements ReceiptSelector {
        public ByCallId {
            Objects.requireNonNull(value, "value");
        }
    }
}
