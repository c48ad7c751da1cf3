package hu.autoinvoice.ledger;

import java.util.Objects;

/**
 * Why an item is parked, held, released or failed: the {@link Reason} and the message that explains it (the vendor's
 * or ours; stored as the item's {@code lastError}, shortened; never a key).
 */
public record Cause(Reason reason, String message) {

    public Cause {
        Objects.requireNonNull(reason, "reason");
        message = message == null || message.isBlank() ? reason.name() : message;
    }
}
