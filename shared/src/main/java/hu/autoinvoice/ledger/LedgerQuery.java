package hu.autoinvoice.ledger;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which of an account's ledger items to list, newest paid first.
 *
 * @param states the states to keep; empty for every state
 * @param paidFrom only items paid at or after this
 * @param paidTo only items paid at or before this
 * @param limit items per page, {@value #MIN_LIMIT}–{@value #MAX_LIMIT}
 * @param after where the previous page ended
 */
public record LedgerQuery(Set<LedgerState> states, Optional<Instant> paidFrom, Optional<Instant> paidTo, int limit,
        Optional<LedgerCursor> after) {

    public static final int MIN_LIMIT = 1;
    public static final int MAX_LIMIT = 100;
    public static final int DEFAULT_LIMIT = 50;

    public LedgerQuery {
        states = Set.copyOf(Objects.requireNonNull(states, "states"));
        Objects.requireNonNull(paidFrom, "paidFrom");
        Objects.requireNonNull(paidTo, "paidTo");
        Objects.requireNonNull(after, "after");
        if (limit < MIN_LIMIT || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be " + MIN_LIMIT + "–" + MAX_LIMIT + ", was " + limit);
        }
    }

    /** Every item, the default page size, from the newest. */
    public static LedgerQuery all() {
        return new LedgerQuery(Set.of(), Optional.empty(), Optional.empty(), DEFAULT_LIMIT, Optional.empty());
    }
}
