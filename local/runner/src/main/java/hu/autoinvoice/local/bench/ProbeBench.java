package hu.autoinvoice.local.bench;

import hu.autoinvoice.account.Account;
import hu.autoinvoice.account.AccountStatus;
import hu.autoinvoice.account.AccountStore;
import hu.autoinvoice.account.AccountWrite;
import hu.autoinvoice.account.AgentKeyVault;
import hu.autoinvoice.agent.AgentKey;
import hu.autoinvoice.agent.SzamlaAgentClient;
import hu.autoinvoice.aws.AppConfig;
import hu.autoinvoice.aws.Tables;
import hu.autoinvoice.local.agent.AccountUpdate;
import hu.autoinvoice.local.runner.IssuerFixtures;
import hu.autoinvoice.local.aws.ResourceProvisioner;
import hu.autoinvoice.ledger.InvoiceRequeue;
import hu.autoinvoice.probe.AccountProber;
import hu.autoinvoice.local.probe.CountingProbeMetrics;
import hu.autoinvoice.probe.HealthProbe;
import hu.autoinvoice.probe.ProbeCursorStore;
import hu.autoinvoice.probe.ProbeReport;
import hu.autoinvoice.probe.ProbeSettings;
import hu.autoinvoice.aws.TimeBudget;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Benchmark 5, probe scale: {@code accounts} healthy accounts in a private accounts table, the simulator answering
 * after {@code latency-ms}; ONE probe run ({@link HealthProbe#run}) with the production settings
 * ({@link ProbeSettings#defaults()}, concurrency {@code concurrency}) and the health-probe function's budget of
 * {@code budget-s} (template.yaml: Timeout 300). Prints accounts/s and the time one run needs for all accounts
 * ({@code probe_projected_s = accounts / rate}); target ≤ 300 s, with cursor resumption across runs as the fallback.
 */
public final class ProbeBench {

    static final Set<String> OPTIONS = Set.of("accounts", "latency-ms", "concurrency", "budget-s");

    private ProbeBench() {}

    public static BenchResult run(BenchStand stand, BenchArgs args) throws Exception {
        args.requireOnly("probe", OPTIONS);
        int count = args.intValue("accounts", 10_000);
        int latency = args.intValue("latency-ms", 200);
        int concurrency = args.intValue("concurrency", ProbeSettings.defaults().concurrency());
        int budgetSeconds = args.intValue("budget-s", 300);
        String run = UUID.randomUUID().toString().substring(0, 6);
        String table = "bench-probe-" + run;
        ResourceProvisioner.createTable(stand.clients().dynamoDb(), Tables.accounts(table).build());
        AccountStore store = new AccountStore(stand.clients().dynamoDb(), table);
        AppConfig config = stand.freshQueues(Duration.ofSeconds(30));
        AgentKeyVault vault = new AgentKeyVault(stand.clients().kms(), config.agentKeyKmsKeyId());
        connect(stand, store, vault, run, count);

        CountingAgentTransport transport = stand.countingTransport();
        CountingProbeMetrics metrics = new CountingProbeMetrics();
        // the real backfill: every healthy account's ledger is looked at (parked and stuck items) on every run
        InvoiceRequeue requeue = new InvoiceRequeue(stand.clients().dynamoDb(), stand.clients().sqs(),
                config.invoicesTable(), config.invoiceQueueUrl());
        AccountProber prober = new AccountProber(store, vault, new SzamlaAgentClient(transport), requeue::backfill,
                hu.autoinvoice.probe.PendingOutcomes.NONE, metrics, Clock.systemUTC());
        ProbeSettings settings = ProbeSettings.defaults().withConcurrency(concurrency);
        HealthProbe probe = new HealthProbe(store, new ProbeCursorStore(stand.clients().dynamoDb(), table), prober,
                settings, metrics, Clock.systemUTC());
        stand.latency(latency);
        ProbeReport report;
        try {
            report = probe.run(TimeBudget.of(Duration.ofSeconds(budgetSeconds)));
        } finally {
            stand.latency(0);
        }
        double seconds = Math.max(1, report.elapsedMillis()) / 1000.0;
        double rate = report.probed() / seconds;
        double bound = concurrency * 1000.0 / latency;
        return new BenchResult()
                .put("probe_accounts", count)
                .put("probe_latency_ms", latency)
                .put("probe_concurrency", concurrency)
                .put("probe_probed", report.probed())
                .put("probe_failed", report.failed())
                .put("probe_completed_in_one_run", Boolean.toString(report.completed()))
                .put("probe_run_ms", report.elapsedMillis())
                .put("probe_accounts_per_s", rate, 1)
                .put("probe_bound_per_s", bound, 1)
                .put("probe_efficiency", rate / bound, 3)
                .put("probe_projected_s", count / Math.max(rate, 1e-9), 1)
                .put("probe_budget_s", budgetSeconds);
    }

    /** Healthy accounts whose keys the simulator knows, already backfilled (no backfill is due). */
    private static void connect(BenchStand stand, AccountStore store, AgentKeyVault vault, String run, int count)
            throws Exception {
        Instant since = Instant.now().truncatedTo(ChronoUnit.MILLIS).minus(Duration.ofDays(1));
        Semaphore permits = new Semaphore(16);
        List<Future<AccountWrite>> writes = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < count; i++) {
                int n = i;
                writes.add(threads.submit(() -> {
                    permits.acquire();
                    try {
                        String accountId = "org-bench-" + run + "-" + n;
                        AgentKey key = AgentKey.of(IssuerFixtures.LOCAL_KEY_MARKER + run + "x" + n + "00000000000000000000000000000");
                        stand.simulator().putAccount(key.reveal(), AccountUpdate.none());
                        Account account = new Account(accountId, vault.encrypt(accountId, key), key.hint(),
                                "fp-" + run + "-" + n, false, Optional.empty(), AccountStatus.HEALTHY, "connected",
                                since, Optional.empty(), since, Optional.of(since), 0);
                        return store.save(account, OptionalLong.empty());
                    } finally {
                        permits.release();
                    }
                }));
            }
        }
        for (Future<AccountWrite> w : writes) {
            if (!(w.get() instanceof AccountWrite.Written)) {
                throw new IllegalStateException("account setup write conflicted: " + w.get());
            }
        }
    }
}
