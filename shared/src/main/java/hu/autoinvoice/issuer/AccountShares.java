package hu.autoinvoice.issuer;

import hu.autoinvoice.aws.TimeBudget;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The issuer's fairness between accounts (docs/ISSUING.md "Share"): holds on the {@link ShareBoard} decided by
 * {@link FairShare}, and the hand-back ({@link HandBacks}) of the records over an account's share. {@link #OFF}: every
 * record runs, as without sharing.
 */
public final class AccountShares {

    /** Sharing off. */
    public static final AccountShares OFF = new AccountShares(null, null, ShareSettings.OFF, IssuerObserver.NONE);

    private final ShareBoard board;
    private final HandBacks handBacks;
    private final ShareSettings settings;
    private final IssuerObserver observer;

    private AccountShares(ShareBoard board, HandBacks handBacks, ShareSettings settings, IssuerObserver observer) {
        this.board = board;
        this.handBacks = handBacks;
        this.settings = settings;
        this.observer = observer;
    }

    /** Sharing through {@code board}, handing back with {@code handBacks}. */
    public static AccountShares over(ShareBoard board, HandBacks handBacks, ShareSettings settings, IssuerObserver observer) {
        return new AccountShares(Objects.requireNonNull(board, "board"), Objects.requireNonNull(handBacks, "handBacks"),
                Objects.requireNonNull(settings, "settings"), Objects.requireNonNull(observer, "observer"));
    }

    public boolean enabled() {
        return board != null;
    }

    /** Whether this record may be handed back ({@link FairShare#mayHandBack}); never when sharing is off. */
    public boolean mayHandBack(IssuerBatch.Message message) {
        return enabled() && board.rule().mayHandBack(message.receiveCount(), message.handBacks());
    }

    /** This batch's holds: how many of each account's hand-back-able records run; all of them when sharing is off. */
    public ShareBoard.Holds acquire(Map<String, Integer> wanted, TimeBudget budget) {
        if (!enabled()) {
            return new ShareBoard.Holds(wanted, List.of());
        }
        long left = Math.max(1_000, budget.remainingMillis());
        Duration holdFor = left < settings.holdFor().toMillis() ? Duration.ofMillis(left) : settings.holdFor();
        return board.acquire(wanted, holdFor);
    }

    public void release(ShareBoard.Holds holds) {
        if (enabled()) {
            board.release(holds);
        }
    }

    /** Hands the record back (a delayed copy; the caller acknowledges the original). Throws when SQS fails. */
    public void handBack(IssuerBatch.Message message, String accountId) {
        handBacks.send(message.body(), accountId, message.handBacks());
        observer.handedBack(accountId);
    }
}
