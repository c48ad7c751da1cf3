package hu.autoinvoice.ledger;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One step of a ledger item's history, written by the same conditional write that made the step (so the history
 * never claims a step the item did not take). An item keeps its last {@value InvoiceLedger#HISTORY_LIMIT} steps.
 *
 * @param document the invoice number ({@link LedgerStep#ISSUED}) or storno number ({@link LedgerStep#REVERSED})
 */
public record HistoryEntry(Instant at, LedgerStep step, Optional<Reason> reason, Optional<String> document) {

    public HistoryEntry {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(document, "document");
    }

    static HistoryEntry of(Instant at, LedgerStep step) {
        return new HistoryEntry(at, step, Optional.empty(), Optional.empty());
    }

    static HistoryEntry of(Instant at, LedgerStep step, Reason reason) {
        return new HistoryEntry(at, step, Optional.of(reason), Optional.empty());
    }

    static HistoryEntry of(Instant at, LedgerStep step, String document) {
        return new HistoryEntry(at, step, Optional.empty(), Optional.of(document));
    }
}
