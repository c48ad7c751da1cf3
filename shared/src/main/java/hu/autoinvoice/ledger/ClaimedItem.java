package hu.autoinvoice.ledger;

import java.util.Objects;

/** A ledger item this delivery holds: {@code SENDING} under our fencing {@code token} (from {@link Claim.Claimed}). */
public record ClaimedItem(String accountId, String purchaseId, String token) {

    public ClaimedItem {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(purchaseId, "purchaseId");
        Objects.requireNonNull(token, "token");
    }
}
