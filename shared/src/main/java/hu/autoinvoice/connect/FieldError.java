package hu.autoinvoice.connect;

import java.util.Objects;

/**
 * One invalid input field. Messages describe the rule that failed and never echo the value (it may be a key).
 *
 * @param field the JSON field name ({@code agentKey}, {@code invoicePrefix}, …), {@code body} or {@code accountId}
 */
public record FieldError(String field, String message, String messageHu) {
    public FieldError {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(messageHu, "messageHu");
    }
}
