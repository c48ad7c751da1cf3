package hu.autoinvoice.local.bench;

import hu.autoinvoice.agent.AgentAction;
import hu.autoinvoice.aws.AppConfig;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Benchmark 4 restated (issue 17): what of the end-to-end run carries to AWS. The same set-up as
 * {@link ThroughputBench} — purchases on a private local queue, {@code concurrency} pollers invoking the real handler,
 * the simulator answering after the Agent latency — run as one leg per latency in {@code --latencies} (default 50,
 * 300 and 1000 ms), each leg {@code concurrency × 10 × rounds} purchases after one untimed warm-up pass. Per leg:
 * <ul>
 * <li>{@code e2e_<L>ms_efficiency}: invoices per second over the bound {@code concurrency × 10 / latency}, as
 *     {@link ThroughputBench} defines it;</li>
 * <li>{@code e2e_<L>ms_issuer_overhead_ms_p50 / _p99}: per invoice, the wall time the issuer spends on the record
 *     ({@code InvoiceIssuer.process}, from {@code IssuerObserver.started} to {@code processed}) minus the time inside
 *     the Agent call ({@link RecordTimer});</li>
 * <li>{@code e2e_<L>ms_issuer_cpu_ms_per_invoice}: the issuer's CPU time per invoice — the carriers of its virtual
 *     threads ({@link CarrierCpu}) plus the invoking threads' time inside the handler ({@link TimedInvocations}); GC
 *     and JIT compilation are not in it ({@code e2e_<L>ms_process_cpu_ms_per_invoice} is the whole JVM's, stand-ins
 *     included);</li>
 * <li>where an invocation's time goes: records per invocation, mean invocation wall time, the pollers' busy share.
 *     {@code efficiency ≈ records_per_invocation / 10 × latency / invocation_ms × poller_busy}.</li>
 * </ul>
 * The {@code issuer_*} headline figures are the last leg's (the slowest Agent: the box is least busy, so the
 * stand-ins' share of the 2 cores disturbs it least).
 */
public final class EndToEndBench {

    static final Set<String> OPTIONS = Set.of("latencies", "rounds", "concurrency", "accounts", "warmup");

    private EndToEndBench() {}

    public static BenchResult run(BenchStand stand, BenchArgs args) throws Exception {
        args.requireOnly("e2e", OPTIONS);
        int[] latencies = args.value("latencies").map(EndToEndBench::latencies).orElse(new int[] {50, 300, 1000});
        int rounds = args.intValue("rounds", 20);
        int concurrency = args.intValue("concurrency", 4);
        int accountCount = args.intValue("accounts", 50);
        int warmup = args.intValue("warmup", 500);
        int purchases = concurrency * 10 * rounds;

        String run = "e2e-" + UUID.randomUUID().toString().substring(0, 6);
        AppConfig config = stand.freshQueues(Duration.ofSeconds(60));
        List<String> accounts = stand.connectAccounts(config, run, accountCount);
        CountingAgentTransport counting = stand.countingTransport();
        RecordTimer timer = new RecordTimer();
        TimedInvocations handler = new TimedInvocations(stand.issuerHandler(config, timer.around(counting), timer));
        String arn = stand.queueArn(config);
        var process = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

        BenchResult result = new BenchResult()
                .put("e2e_dynamodb_backend", stand.dynamoDbBackend().label())
                .put("e2e_cpu_attribution", stand.standInsOnPlatformThreads() ? "issuer_threads_only"
                        : "carriers_shared_with_stand-ins")
                .put("e2e_concurrency", concurrency)
                .put("e2e_warmup_purchases", warmup)
                .put("e2e_bound_formula", "concurrency*10/latency");
        Leg last = null;
        try (CarrierCpu carriers = CarrierCpu.start()) {
            stand.latency(Arrays.stream(latencies).min().orElse(0));
            ThroughputBench.drain(stand, config, arn, handler, concurrency, handler.acknowledged,
                    ThroughputBench.enqueue(stand, config, accounts, run + "-w", warmup));
            for (int latency : latencies) {
                stand.latency(latency);
                int timed = ThroughputBench.enqueue(stand, config, accounts, run + "-" + latency + "-", purchases);
                long createsBefore = counting.count(AgentAction.CREATE_INVOICE);
                handler.reset();
                timer.take();
                stand.awsCalls().reset();
                long carriersBefore = carriers.nanos();
                long processBefore = process.getProcessCpuTime();
                long start = System.nanoTime();
                long end = ThroughputBench.drain(stand, config, arn, handler, concurrency, handler.acknowledged, timed);
                long processCpu = process.getProcessCpuTime() - processBefore;
                long carrierCpu = carriers.nanos() - carriersBefore;
                last = new Leg(latency, concurrency, purchases, handler.acknowledged.get(),
                        counting.count(AgentAction.CREATE_INVOICE) - createsBefore, end - start, handler.invocations(),
                        handler.wallNanos(), carrierCpu + handler.cpuNanos(), processCpu, timer.take(),
                        stand.awsCalls().meanMillis(AwsCallCounter.DYNAMODB), stand.awsCalls().meanMillis(AwsCallCounter.SQS));
                last.putInto(result);
            }
        } finally {
            stand.latency(0);
        }
        if (last != null) {
            result.put("issuer_figures_latency_ms", last.latency())
                    .put("issuer_overhead_ms_per_invoice_p50", last.samples().outsideAgentMillis(50), 1)
                    .put("issuer_overhead_ms_per_invoice_p99", last.samples().outsideAgentMillis(99), 1)
                    .put("issuer_cpu_ms_per_invoice", last.issuerCpuMsPerInvoice(), 2);
        }
        return result;
    }

    static int[] latencies(String list) {
        int[] values = Arrays.stream(list.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
        if (values.length == 0 || Arrays.stream(values).anyMatch(v -> v <= 0)) {
            throw new IllegalArgumentException("--latencies wants positive milliseconds, e.g. 50,300,1000: " + list);
        }
        return values;
    }

    /** One leg's measurements. */
    private record Leg(int latency, int concurrency, int purchases, long acknowledged, long created, long wallNanos,
            long invocations, long invocationNanos, long issuerCpuNanos, long processCpuNanos, RecordTimer.Samples samples,
            double dynamoDbCallMeanMs, double sqsCallMeanMs) {

        double issuerCpuMsPerInvoice() {
            return created == 0 ? 0 : issuerCpuNanos / 1e6 / created;
        }

        void putInto(BenchResult r) {
            String p = "e2e_" + latency + "ms_";
            double seconds = wallNanos / 1e9;
            double achieved = acknowledged / seconds;
            double bound = concurrency * 10 * 1000.0 / latency;
            r.put(p + "purchases", purchases)
                    .put(p + "acknowledged", acknowledged)
                    .put(p + "invoices_created", created)
                    .put(p + "wall_ms", Math.round(seconds * 1000))
                    .put(p + "invoices_per_s", achieved, 1)
                    .put(p + "bound_per_s", bound, 1)
                    .put(p + "efficiency", achieved / bound, 3)
                    .put(p + "invocations", invocations)
                    .put(p + "records_per_invocation", invocations == 0 ? 0 : (double) acknowledged / invocations, 2)
                    .put(p + "invocation_ms_mean", invocations == 0 ? 0 : invocationNanos / 1e6 / invocations, 1)
                    .put(p + "poller_busy", invocationNanos / (double) (concurrency * wallNanos), 3)
                    .put(p + "timed_records", samples.count())
                    .put(p + "agent_call_ms_p50", samples.insideAgentMillis(50), 1)
                    .put(p + "issuer_overhead_ms_p50", samples.outsideAgentMillis(50), 1)
                    .put(p + "issuer_overhead_ms_p99", samples.outsideAgentMillis(99), 1)
                    .put(p + "issuer_cpu_ms_per_invoice", issuerCpuMsPerInvoice(), 2)
                    .put(p + "process_cpu_ms_per_invoice", created == 0 ? 0 : processCpuNanos / 1e6 / created, 2)
                    .put(p + "dynamodb_call_mean_ms", dynamoDbCallMeanMs, 1)
                    .put(p + "sqs_call_mean_ms", sqsCallMeanMs, 1);
        }
    }
}
