package hu.autoinvoice.invoice;

import java.util.Objects;

/**
 * The vendor's call id of a receipt ({@code hivasAzonosito}): derived from the account and the purchase like the
 * external id ({@code ai:<accountId>:<purchaseId>}, see {@link ExternalIds}), so every send of one purchase's receipt
 * carries the same one. The vendor refuses a second receipt with a call id it has seen (338) and finds the receipt by
 * it ({@code xmlnyugtaget}).
 */
public record CallId(String value) {

    public CallId {
        Objects.requireNonNull(value, "value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("a call id must not be blank");
        }
    }

    /** The call id of the receipt for {@code purchaseId} of {@code accountId}. */
    public static CallId of(String accountId, String purchaseId) {
        return new CallId(ExternalIds.of(accountId, purchaseId));
    }

    /**
     * The call id of the storno of the receipt issued under this call id ({@code <call id>:storno}): a repeated storno
     * is refused with 338 like a repeated create, and the storno is found by it.
     */
    public CallId storno() {
        return new CallId(value + ":storno");
    }

    @Override
    public String toString() {
        return value;
    }
}
