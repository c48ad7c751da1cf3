package hu.autoinvoice.connect;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One window of the tenant throttle's fixed-window counter: the windows of {@code length} tile time from the epoch, so
 * every container computes the same window for the same instant without talking to the others. Pure: no I/O.
 *
 * @param index the window's number (epoch millis / length)
 * @param length the window's length (whole seconds, at least one)
 */
public record FixedWindow(long index, Duration length) {

    /** How long a counter item outlives its window before DynamoDB's TTL may delete it. */
    public static final Duration COUNTER_KEPT = Duration.ofDays(1);

    public FixedWindow {
        checkLength(length);
        if (index < 0) {
            throw new IllegalArgumentException("window index must not be negative");
        }
    }

    /** The window holding {@code now}. */
    public static FixedWindow of(Instant now, Duration length) {
        checkLength(length);
        return new FixedWindow(Math.floorDiv(now.toEpochMilli(), length.toMillis()), length);
    }

    private static void checkLength(Duration length) {
        Objects.requireNonNull(length, "length");
        if (length.toSeconds() < 1 || length.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException("a window is a whole number of seconds, at least one: " + length);
        }
    }

    public Instant start() {
        return Instant.ofEpochMilli(index * length.toMillis());
    }

    public Instant end() {
        return start().plus(length);
    }

    /** Whole seconds from {@code now} until the next window, rounded up, at least 1 (RFC 9110 delay-seconds). */
    public long retryAfterSeconds(Instant now) {
        long millis = Duration.between(now, end()).toMillis();
        return Math.max(1, (millis + 999) / 1000);
    }

    /** The counter item's TTL attribute (epoch seconds): a day after the window ends. */
    public long expiresAtEpochSecond() {
        return end().plus(COUNTER_KEPT).getEpochSecond();
    }

    /**
     * Whether a request is admitted, given the counter as stored (window index and count; none stored is
     * {@code storedIndex < 0}): a counter of an older window counts as empty, one of this window (or, a container's
     * clock running late, a newer one) admits while below {@code limit}. What the conditional writes of
     * {@link TenantThrottle} decide in DynamoDB, stated once without it.
     */
    public boolean admits(long storedIndex, long storedCount, int limit) {
        return storedIndex < index || storedCount < limit;
    }
}
