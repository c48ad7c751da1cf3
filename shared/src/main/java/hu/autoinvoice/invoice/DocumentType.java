package hu.autoinvoice.invoice;

import java.util.Optional;

/**
 * The kind of document a purchase is issued as: an invoice ({@code számla}) or an e-receipt ({@code nyugta}). An
 * account chooses one for its private buyers; a company buyer always gets an invoice, since a receipt names no buyer
 * and cannot carry a tax number (docs/ISSUING.md, "Receipts").
 */
public enum DocumentType {
    INVOICE("invoice"),
    RECEIPT("receipt");

    private final String apiValue;

    DocumentType(String apiValue) {
        this.apiValue = apiValue;
    }

    /** The value in the API, the events and the ledger ({@code invoice}, {@code receipt}). */
    public String apiValue() {
        return apiValue;
    }

    /** The type with this API value, if any (exact, lower case). */
    public static Optional<DocumentType> ofApiValue(String value) {
        for (DocumentType t : values()) {
            if (t.apiValue.equals(value)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
