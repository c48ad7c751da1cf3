package hu.autoinvoice.issuer;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The share rule, pure (no I/O): how many of one batch's records of each account may run now, from what the share
 * board says is in flight across every issuer invocation. The issuer ({@link ShareBoard}) and the fairness model
 * ({@code make -s bench NAME=fairness}) both decide with this class, so the model cannot drift from the code.
 *
 * <p>Per account with {@code k} records in the batch: at most {@link #perBatch()} run in this invocation (what one
 * invocation may run of one account at once — the rest are handed back rather than waiting for a second round trip
 * while the invocation holds one of the event source mapping's concurrency slots). While <b>another account has work</b>
 * — holds records in flight, or has records in this batch — an account may have at most {@link #limit()} records in
 * flight across all invocations (its share); alone it may use every slot (work-conserving).
 *
 * @param limit the share: the most records of one account in flight across all invocations while another account
 *     has work
 * @param perBatch the most records of one account run at once by one invocation (the issuer's per-account concurrency)
 * @param maxHandBacks how often one purchase's message may be handed back; after that it runs (no starvation)
 */
public record FairShare(int limit, int perBatch, int maxHandBacks) {

    public FairShare {
        if (limit < 1 || perBatch < 1 || maxHandBacks < 0) {
            throw new IllegalArgumentException("limit and perBatch must be at least 1, maxHandBacks at least 0");
        }
    }

    /**
     * The records each account may run now.
     *
     * @param wanted records per account in this batch that may be handed back (see {@link #mayHandBack}), in batch order
     * @param inFlight records per account in flight now (the board's live holds, this batch's not yet included)
     * @return per account of {@code wanted}, how many of its records run (0 … its wanted count); the others are
     *     handed back
     */
    public Map<String, Integer> grant(Map<String, Integer> wanted, Map<String, Integer> inFlight) {
        Objects.requireNonNull(wanted, "wanted");
        Objects.requireNonNull(inFlight, "inFlight");
        Map<String, Integer> grants = new LinkedHashMap<>();
        for (var entry : wanted.entrySet()) {
            String account = entry.getKey();
            int cap = Math.min(Math.max(0, entry.getValue()), perBatch);
            int own = inFlight.getOrDefault(account, 0);
            boolean othersHaveWork = wanted.keySet().stream().anyMatch(a -> !a.equals(account))
                    || inFlight.entrySet().stream().anyMatch(e -> !e.getKey().equals(account) && e.getValue() > 0);
            grants.put(account, othersHaveWork ? Math.clamp(limit - own, 0, cap) : cap);
        }
        return grants;
    }

    /**
     * Whether a record may be handed back at all. Only a first delivery (SQS's receive count 1) that was handed back
     * fewer than {@link #maxHandBacks()} times: a record SQS delivers again has already waited a visibility timeout
     * and is never delayed further, and the copy starts at receive count 1 again, so a hand-back never uses up one of
     * the queue's receives (maxReceiveCount) — the DLQ stays for what really failed.
     */
    public boolean mayHandBack(int receiveCount, int handBacks) {
        return receiveCount <= 1 && handBacks < maxHandBacks;
    }
}
