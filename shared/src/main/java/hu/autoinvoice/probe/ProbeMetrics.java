package hu.autoinvoice.probe;

import java.util.Map;

/**
 * A tiny counter sink for the probe's metrics (names in {@link ProbeMetrics} constants). The Lambda backs it with
 * CloudWatch EMF ({@code hu.autoinvoice.probe.ProbeRunMetrics}); {@code hu.autoinvoice.local.probe.CountingProbeMetrics} (local/stand-ins) keeps counts
 * in memory (tests, the local runner).
 */
@FunctionalInterface
public interface ProbeMetrics {

    /** An account got its Agent query. */
    String PROBED = "AccountsProbed";
    /** An account's status was changed; dimensions {@code from}, {@code to}. */
    String STATUS_CHANGED = hu.autoinvoice.observability.Metrics.ACCOUNT_STATUS_CHANGES;
    /** The Agent's answer was transient or unknown: status left as it was. */
    String INCONCLUSIVE = "ProbeInconclusive";
    /** A backfill re-enqueued an account's parked invoices and the account was marked. */
    String BACKFILLED = "AccountsBackfilled";
    /** A backfill failed (the next run retries). */
    String BACKFILL_FAILED = "BackfillFailed";
    /** Probing an account failed unexpectedly (KMS, DynamoDB): nothing was decided. */
    String FAILED = "ProbeFailed";
    /** An outcome event left pending by a failed publish was published by the probe's sweep. */
    String OUTCOMES_SWEPT = "OutcomeEventsSwept";

    /** Records nothing. */
    ProbeMetrics NONE = (name, dimensions) -> { };

    /** Adds one to {@code name} under {@code dimensions} (possibly empty). */
    void increment(String name, Map<String, String> dimensions);

    default void increment(String name) {
        increment(name, Map.of());
    }

    /** A run finished with this report (the Lambda records the run's gauge and duration). */
    default void runFinished(ProbeReport report) {
    }
}
