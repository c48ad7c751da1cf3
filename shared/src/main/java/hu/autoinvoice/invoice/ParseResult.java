package hu.autoinvoice.invoice;

import java.util.Objects;

/** The outcome of parsing a queue message: a valid message, or the first field that is wrong and why. */
public sealed interface ParseResult permits ParseResult.Valid, ParseResult.Invalid {

    /** The message is valid. */
    record Valid(InvoiceRequestMessage message) implements ParseResult {
        public Valid {
            Objects.requireNonNull(message, "message");
        }
    }

    /**
     * The message is invalid; it must not be retried (docs/DESIGN.md §5: to the DLQ with this reason).
     *
     * @param field the JSON path of the offending field, e.g. {@code lines[0].unitPrice}; {@code $} for the whole
     *        document
     * @param reason what is wrong, in words a checkout developer can act on (never echoes long input)
     */
    record Invalid(String field, String reason) implements ParseResult {
        public Invalid {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(reason, "reason");
        }

        /** {@code field: reason}. */
        public String message() {
            return field + ": " + reason;
        }
    }
}
