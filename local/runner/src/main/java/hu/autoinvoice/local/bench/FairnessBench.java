package hu.autoinvoice.local.bench;

import hu.autoinvoice.issuer.IssuerSettings;
import hu.autoinvoice.issuer.ShareSettings;
import java.util.Set;

/**
 * Benchmark 7, fairness between organisers (issue 17): a flash sale of one organiser ({@code big} purchases in
 * {@code burst-s} seconds) beside {@code small-accounts} organisers at a steady rate, run through
 * {@link FairnessModel} (the local SQS has no fair queues) four times with the same seed: without any fairness
 * measure (today's queue and issuer: {@code unfair_*}), with both — SQS fair queues ({@code MessageGroupId} =
 * account) and the issuer's share ({@code fair_*}) — and with each alone ({@code fairqueue_only_*}, {@code share_only_*}:
 * the issuer must not depend on the backend setting the group id). Prints each run's small organisers' p50 / p99 /
 * max wait (send → invoice) for purchases sent during the burst, and the time the burst took to drain; targets:
 * {@code fair_small_p99_wait_s} &lt; 5 and {@code fair_big_drain_ratio} ≤ 1.10. Needs no stand-in.
 */
public final class FairnessBench {

    static final Set<String> OPTIONS = Set.of("big", "burst-s", "lead-s", "small-accounts", "small-per-min", "concurrency",
            "batch", "window-ms", "latency-ms", "jitter-pct", "per-account", "share", "hand-back-s", "max-hand-backs",
            "overhead-ms", "seed");

    /** The template's defaults: IssuerMaximumConcurrency, IssuerAccountShare. */
    static final int TEMPLATE_CONCURRENCY = 10;
    static final int TEMPLATE_SHARE = 40;

    private FairnessBench() {}

    /** The model's parameters from the options; defaults: the scenario and the template's settings. */
    static FairnessModel.Config config(BenchArgs args) {
        args.requireOnly("fairness", OPTIONS);
        return new FairnessModel.Config(
                args.intValue("big", 20_000),
                args.intValue("burst-s", 600),
                args.intValue("lead-s", 60),
                args.intValue("small-accounts", 50),
                args.intValue("small-per-min", 6),
                args.intValue("concurrency", TEMPLATE_CONCURRENCY),
                args.intValue("batch", 10),
                args.intValue("window-ms", 1000),
                args.intValue("latency-ms", 1000),
                args.intValue("jitter-pct", 20) / 100.0,
                args.intValue("per-account", IssuerSettings.DEFAULT_PER_ACCOUNT_CONCURRENCY),
                args.intValue("share", TEMPLATE_SHARE),
                args.intValue("hand-back-s", (int) ShareSettings.DEFAULT_HAND_BACK_DELAY.toSeconds()) * 1000,
                args.intValue("max-hand-backs", ShareSettings.DEFAULT_MAX_HAND_BACKS),
                args.intValue("overhead-ms", 50),
                true,
                args.intValue("seed", 17));
    }

    /** {@code stand} is not used: the model runs in this JVM alone. */
    public static BenchResult run(BenchStand stand, BenchArgs args) {
        FairnessModel.Config config = config(args);
        FairnessModel.Result unfair = FairnessModel.run(config.withFairness(false, 0));
        FairnessModel.Result fair = FairnessModel.run(config.withFairness(true, config.share()));
        FairnessModel.Result queueOnly = FairnessModel.run(config.withFairness(true, 0));
        FairnessModel.Result shareOnly = FairnessModel.run(config.withFairness(false, config.share()));
        BenchResult result = new BenchResult()
                .put("fairness_purchases", fair.purchases())
                .put("fairness_big_purchases", config.bigPurchases())
                .put("fairness_small_accounts", config.smallAccounts())
                .put("fairness_concurrency", config.concurrency())
                .put("fairness_share", config.share())
                .put("fairness_latency_ms", config.latencyMillis());
        figures(result, "fair", fair);
        figures(result, "unfair", unfair);
        result.put("fair_big_drain_ratio", fair.bigDrainSeconds() / unfair.bigDrainSeconds(), 3);
        figures(result, "fairqueue_only", queueOnly);
        result.put("fairqueue_only_big_drain_ratio", queueOnly.bigDrainSeconds() / unfair.bigDrainSeconds(), 3);
        figures(result, "share_only", shareOnly);
        result.put("share_only_big_drain_ratio", shareOnly.bigDrainSeconds() / unfair.bigDrainSeconds(), 3);
        int twice = fair.processedTwice() + unfair.processedTwice() + queueOnly.processedTwice() + shareOnly.processedTwice();
        int lost = fair.lost() + unfair.lost() + queueOnly.lost() + shareOnly.lost();
        result.put("fairness_processed_twice", twice).put("fairness_lost", lost);
        return result;
    }

    private static void figures(BenchResult result, String name, FairnessModel.Result r) {
        result.put(name + "_small_p50_wait_s", r.smallPercentile(50), 2)
                .put(name + "_small_p99_wait_s", r.smallPercentile(99), 2)
                .put(name + "_small_max_wait_s", r.smallPercentile(100), 2)
                .put(name + "_big_drain_s", r.bigDrainSeconds(), 1)
                .put(name + "_hand_backs", r.handBacks())
                .put(name + "_invocations", r.invocations())
                .put(name + "_receives", r.receives())
                .put(name + "_big_max_in_flight_with_others", r.maxBigInFlightWithOthers());
    }
}
