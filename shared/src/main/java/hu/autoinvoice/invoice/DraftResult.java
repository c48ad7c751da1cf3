package hu.autoinvoice.invoice;

import java.util.Objects;

/** The outcome of computing an invoice from a purchase: the draft, or a refusal naming the field. */
public sealed interface DraftResult permits DraftResult.Computed, DraftResult.Refused {

    /** The invoice to send. */
    record Computed(InvoiceDraft draft) implements DraftResult {
        public Computed {
            Objects.requireNonNull(draft, "draft");
        }
    }

    /**
     * The purchase cannot be invoiced as sent (the vendor would reject it); a data error, not to be retried.
     *
     * @param field the message field at fault, e.g. {@code lines[2].unitPrice}
     */
    record Refused(String field, String reason) implements DraftResult {
        public Refused {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(reason, "reason");
        }

        /** {@code field: reason}. */
        public String message() {
            return field + ": " + reason;
        }
    }
}
