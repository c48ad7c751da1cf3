package hu.autoinvoice.ledger;

import hu.autoinvoice.aws.ResourceNames;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How many re-queued copies of one ledger item may be on the queue: one per window. An item with a {@link RequeueMark}
 * younger than the window has a copy in flight and is skipped; the issuer taking the item up removes the mark, so the
 * next backfill or re-issue may send again at once. A mark that outlives its window means the copy was lost (dead-
 * lettered, or never received): the next requeue sends another, and each further copy no issuer took waits twice as
 * long as the one before (capped at {@value #MAX_DOUBLINGS} doublings), so an item is never lost and, while the issuer
 * does not consume the queue, its copies within the queue's retention stay few (see {@link #copiesWithin}). Pure.
 *
 * @param window how long a copy counts as in flight; by default {@link #DEFAULT_WINDOW}
 */
public record RequeueBound(Duration window) {

    /**
     * {@code maxReceiveCount} × the visibility timeout (10 × 15 min = 2.5 h): a copy that is received is, by then,
     * either taken up by the issuer (its claim removes the mark) or, refused ten times before its claim, in the DLQ.
     */
    public static final Duration DEFAULT_WINDOW = ResourceNames.VISIBILITY_TIMEOUT.multipliedBy(ResourceNames.MAX_RECEIVE_COUNT);

    /** Most doublings of the window: the 7th and later copies no issuer took wait 64 windows (≈ 6.7 days) each. */
    public static final int MAX_DOUBLINGS = 6;

    public RequeueBound {
        Objects.requireNonNull(window, "window");
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("the requeue window must be positive");
        }
    }

    public static RequeueBound defaults() {
        return new RequeueBound(DEFAULT_WINDOW);
    }

    /** True when a copy of an item with {@code mark} may be re-queued at {@code now}. */
    public boolean allows(Optional<RequeueMark> mark, Instant now) {
        return mark.map(m -> !now.isBefore(nextAllowed(m))).orElse(true);
    }

    /** When the next copy may go: the window after the first copy, doubled for each copy since no issuer took. */
    public Instant nextAllowed(RequeueMark mark) {
        return mark.at().plus(window.multipliedBy(1L << Math.min(mark.copies() - 1, MAX_DOUBLINGS)));
    }

    /**
     * The most copies of one item re-queued within {@code span} while no issuer takes it up (the queue drops what is
     * older than its retention, so with {@code span} = the retention this bounds the copies on the queue at once).
     */
    public int copiesWithin(Duration span) {
        int copies = 1;
        Instant at = Instant.EPOCH;
        Instant end = Instant.EPOCH.plus(span);
        while (true) {
            Instant next = nextAllowed(new RequeueMark(at, copies));
            if (!next.isBefore(end)) {
                return copies;
            }
            at = next;
            copies++;
        }
    }
}
