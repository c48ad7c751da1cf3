package hu.autoinvoice.probe;

import hu.autoinvoice.account.AccountStatus;
import java.util.Optional;

/**
 * What probing one account did.
 *
 * @param queried the Agent query was made
 * @param statusAfter the stored status afterwards (empty when the account vanished or probing failed)
 * @param changed a status change was written
 * @param inconclusive the Agent's answer decided nothing (status left alone)
 * @param backfill whether a backfill ran and how it went
 * @param failed an unexpected error (KMS, DynamoDB) stopped the probe of this account
 * @param skipped the account was disconnected or reconnected with another key meanwhile
 */
record AccountProbeResult(boolean queried, Optional<AccountStatus> statusAfter, boolean changed,
        boolean inconclusive, Backfill backfill, boolean failed, boolean skipped) {

    /**
     * How the healthy account's re-enqueue went: {@code DONE} the backfill after a recovery (marked),
     * {@code SWEPT} a later run found parked or stuck items and re-enqueued them, {@code NOT_DUE} nothing to do,
     * {@code FAILED} not every item could be enqueued (retried next run), {@code DEFERRED} no time left this run.
     */
    public enum Backfill { NOT_DUE, DONE, SWEPT, FAILED, DEFERRED }

    static AccountProbeResult failure(boolean queried) {
        return new AccountProbeResult(queried, Optional.empty(), false, false, Backfill.NOT_DUE, true, false);
    }

    static AccountProbeResult gone(boolean changed) {
        return new AccountProbeResult(true, Optional.empty(), changed, false, Backfill.NOT_DUE, false, true);
    }
}
