package hu.autoinvoice.probe;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one probe run did.
 *
 * @param probed accounts that got their Agent query
 * @param healthy accounts healthy after this run's check
 * @param unhealthy accounts not healthy after this run's check (the {@code UnhealthyAccounts} gauge)
 * @param changed status changes written
 * @param inconclusive transient / unknown answers: status left as it was
 * @param backfilled accounts whose parked invoices were re-enqueued after a recovery (and marked)
 * @param swept healthy accounts on a later run with parked or stuck invoices, re-enqueued
 * @param backfillFailed backfills that failed (retried next run)
 * @param failed accounts that could not be probed (KMS, DynamoDB errors)
 * @param skipped accounts disconnected or reconnected while being probed
 * @param resumed the run continued from a stored cursor
 * @param completed the run reached the end of the table (the cursor was cleared); false = stopped for time or by a
 *     scan error, the cursor says where the next run continues
 */
public record ProbeReport(int probed, int healthy, int unhealthy, int changed, int inconclusive, int backfilled, int swept,
        int backfillFailed,
        int failed, int skipped, boolean resumed, boolean completed, long elapsedMillis) {

    /**
     * One line for the log, each count with its unit: {@code backfilled} and {@code swept} count accounts (how many
     * invoices each re-enqueued is in the account's own log line), so the line cannot be read as an invoice count.
     */
    public String summary() {
        return ("probed %d account(s): %d healthy, %d unhealthy, %d status change(s), %d inconclusive; "
                + "%d account(s) backfilled after a recovery, %d with parked or stuck items re-enqueued, %d backfill(s) "
                + "failed; %d failed, %d skipped; %s in %d ms").formatted(probed, healthy, unhealthy, changed, inconclusive,
                backfilled, swept, backfillFailed, failed, skipped,
                completed ? "completed" : "time ran out, the next run resumes", elapsedMillis);
    }

    /** The report as a plain map (the Lambda's JSON answer). */
    public Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("probed", probed);
        map.put("healthy", healthy);
        map.put("unhealthy", unhealthy);
        map.put("changed", changed);
        map.put("inconclusive", inconclusive);
        map.put("backfilled", backfilled);
        map.put("swept", swept);
        map.put("backfillFailed", backfillFailed);
        map.put("failed", failed);
        map.put("skipped", skipped);
        map.put("resumed", resumed);
        map.put("completed", completed);
        map.put("elapsedMillis", elapsedMillis);
        return map;
    }
}
