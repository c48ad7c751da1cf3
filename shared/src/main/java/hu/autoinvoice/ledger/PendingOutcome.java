package hu.autoinvoice.ledger;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * An outcome the ledger recorded whose event is not yet published: an element of the item's outbox, written by the
 * same conditional write as the outcome itself, removed once published. Publishing again after a failure sends the
 * same {@link #eventId()}, so a consumer can drop the repeat.
 *
 * @param eventId a name-based UUID of the item, the outcome and what makes it this one (the invoice number, the
 *     storno number, or the reason and the claim): the same outcome of the same item always has the same id
 * @param at when the ledger recorded it
 * @param invoiceNumber the invoice the outcome is about (issued, reversed, a refused storno)
 * @param stornoNumber the storno of a reversal
 * @param reason why (parked, failed)
 */
public record PendingOutcome(UUID eventId, Outcome outcome, Instant at, Optional<String> invoiceNumber,
        Optional<String> stornoNumber, Optional<Reason> reason) {

    /** Field separator of the stored form: a control character, which no invoice number or enum name can contain. */
    private static final String SEPARATOR = "\u001f";

    public PendingOutcome {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(invoiceNumber, "invoiceNumber");
        Objects.requireNonNull(stornoNumber, "stornoNumber");
        Objects.requireNonNull(reason, "reason");
    }

    /** The {@code invoice.issued} of ledger item {@code purchaseId} (its id depends on the item and the number only). */
    public static PendingOutcome issued(String accountId, String purchaseId, String invoiceNumber, Instant at) {
        return new PendingOutcome(id(accountId, purchaseId, Outcome.ISSUED, invoiceNumber), Outcome.ISSUED, at,
                Optional.of(invoiceNumber), Optional.empty(), Optional.empty());
    }

    static PendingOutcome reversed(String accountId, String purchaseId, String invoiceNumber, String stornoNumber,
            Instant at) {
        return new PendingOutcome(id(accountId, purchaseId, Outcome.REVERSED, stornoNumber), Outcome.REVERSED, at,
                Optional.of(invoiceNumber), Optional.of(stornoNumber), Optional.empty());
    }

    /** Parked or failed by the claim with {@code token} (or, a refused storno, for {@code invoiceNumber}). */
    static PendingOutcome settled(String accountId, String purchaseId, Outcome outcome, Reason reason, String claimOrInvoice,
            Optional<String> invoiceNumber, Instant at) {
        return new PendingOutcome(id(accountId, purchaseId, outcome, reason.name() + SEPARATOR + claimOrInvoice), outcome,
                at, invoiceNumber, Optional.empty(), Optional.of(reason));
    }

    /** What makes two outcomes the same for {@code announced}: parked twice for one reason is announced once. */
    String announcement() {
        return outcome.name() + reason.map(r -> ":" + r.name()).orElse("");
    }

    private static UUID id(String accountId, String purchaseId, Outcome outcome, String discriminator) {
        return UUID.nameUUIDFromBytes(String.join(SEPARATOR, accountId, purchaseId, outcome.name(), discriminator)
                .getBytes(StandardCharsets.UTF_8));
    }

    /** The stored form (an element of a string set). */
    String encode() {
        return String.join(SEPARATOR, eventId.toString(), outcome.name(), at.toString(), invoiceNumber.orElse(""),
                stornoNumber.orElse(""), reason.map(Reason::name).orElse(""));
    }

    /** Reads a stored element; empty for one this version cannot read (an unknown outcome is not published). */
    static Optional<PendingOutcome> decode(String stored) {
        String[] f = stored.split(SEPARATOR, -1);
        if (f.length != 6) {
            return Optional.empty();
        }
        try {
            Optional<Reason> reason = f[5].isEmpty() ? Optional.empty() : Reason.of(f[5]);
            if (!f[5].isEmpty() && reason.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new PendingOutcome(UUID.fromString(f[0]), Outcome.valueOf(f[1]), Instant.parse(f[2]),
                    optional(f[3]), optional(f[4]), reason));
        } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> optional(String value) {
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }
}
