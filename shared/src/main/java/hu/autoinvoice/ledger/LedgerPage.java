package hu.autoinvoice.ledger;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** One page of a listing: the items, newest paid first, and where the next page starts (empty on the last page). */
public record LedgerPage(List<LedgerEntry> items, Optional<LedgerCursor> next) {

    public LedgerPage {
        items = List.copyOf(Objects.requireNonNull(items, "items"));
        Objects.requireNonNull(next, "next");
    }
}
