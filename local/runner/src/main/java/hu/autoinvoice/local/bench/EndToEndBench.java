package hu.autoinvoice.local.bench;

import hu.autoinvoice.agent.AgentAction;
import hu.autoinvoice.aws.AppConfig;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Benchmark 4 restated (issue 17): what of the end-to-end run carries to AWS. The same set-up as
 * {@link ThroughputBench} — purchases on a private local queue, {@code concurrency} pollers invoking the real handler,
 * the simulator answering after the Agent latency — run as one leg per latency in {@code --latencies} (default 50,
 * 300 and 1000 ms), each leg {@code concurrency × 10 × rounds} purchases after one untimed warm-up pass of
 * {@code warmup} purchases at the smallest latency (2,000 by default: after 500 the JVM's own threads, JIT and GC,
 * still took 40 % of its CPU in the 1 s leg, on the same two cores as the bursts it measures). Per leg:
 * <ul>
 * <li>{@code e2e_<L>ms_efficiency}: invoices per second over the bound {@code concurrency × 10 / latency}, as
 *     {@link ThroughputBench} defines it;</li>
 * <li>{@code e2e_<L>ms_issuer_overhead_ms_p50 / _p99}: per invoice, the wall time the issuer spends on the record
 *     ({@code InvoiceIssuer.process}, from {@code IssuerObserver.started} to {@code processed}) minus the time inside
 *     the Agent call ({@link RecordTimer});</li>
 * <li>{@code e2e_<L>ms_issuer_cpu_ms_per_invoice}: the issuer's CPU time per invoice — the carriers of its virtual
 *     threads ({@link ThreadCpu}) plus the invoking threads' time inside the handler ({@link TimedInvocations}); GC
 *     and JIT compilation are not in it. Beside it, the same per invoice for the Agent simulator, the AWS stand-ins,
 *     the pollers and the rest, the JVM's own threads (GC, JIT: the process's CPU time no Java thread accounts for),
 *     the whole process, and {@code process_cpu_busy}, the process's share of all cores over the leg;</li>
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
        int warmup = args.intValue("warmup", 2000);
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
        try (ThreadCpu threads = ThreadCpu.start()) {
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
                Map<ThreadCpu.Part, Long> threadsBefore = threads.nanos();
                long processBefore = process.getProcessCpuTime();
                long start = System.nanoTime();
                long end = ThroughputBench.drain(stand, config, arn, handler, concurrency, handler.acknowledged, timed);
                long processCpu = process.getProcessCpuTime() - processBefore;
                Map<ThreadCpu.Part, Long> threadsAfter = threads.nanos();
                Map<ThreadCpu.Part, Long> cpu = new EnumMap<>(ThreadCpu.Part.class);
                threadsAfter.forEach((part, nanos) -> cpu.put(part, nanos - threadsBefore.getOrDefault(part, 0L)));
                last = new Leg(latency, concurrency, purchases, handler.acknowledged.get(),
                        counting.count(AgentAction.CREATE_INVOICE) - createsBefore, end - start, handler.invocations(),
                        handler.wallNanos(), new Cpu(cpu, handler.cpuNanos(), processCpu), timer.take(),
                        new AwsCalls(stand.awsCalls()));
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

    /**
     * One leg's CPU time, in nanoseconds: by thread part, the handler's share of the invoking (poller) threads, and the
     * whole process (its part no Java thread accounts for is the JVM's own: GC, JIT compilation).
     */
    private record Cpu(Map<ThreadCpu.Part, Long> byPart, long handlerNanos, long processNanos) {

        long issuer() {
            return byPart.get(ThreadCpu.Part.CARRIERS) + handlerNanos;
        }

        long pollersAndOther() {
            return byPart.get(ThreadCpu.Part.OTHER) - handlerNanos;
        }

        long jvmOwn() {
            return processNanos - byPart.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** One leg's AWS calls, read off the counter. */
    private record AwsCalls(long dynamoDbCalls, double dynamoDbMeanMs, long eventBridgeCalls, double eventBridgeMeanMs,
            double sqsMeanMs) {

        AwsCalls(AwsCallCounter c) {
            this(c.count(AwsCallCounter.DYNAMODB), c.meanMillis(AwsCallCounter.DYNAMODB),
                    c.count(AwsCallCounter.EVENTBRIDGE), c.meanMillis(AwsCallCounter.EVENTBRIDGE),
                    c.meanMillis(AwsCallCounter.SQS));
        }
    }

    /** One leg's measurements. */
    private record Leg(int latency, int concurrency, int purchases, long acknowledged, long created, long wallNanos,
            long invocations, long invocationNanos, Cpu cpu, RecordTimer.Samples samples,
            AwsCalls aws) {

        double issuerCpuMsPerInvoice() {
            return perInvoiceMs(cpu.issuer());
        }

        double perInvoiceMs(long nanos) {
            return created == 0 ? 0 : nanos / 1e6 / created;
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
                    .put(p + "agent_simulator_cpu_ms_per_invoice", perInvoiceMs(cpu.byPart().get(ThreadCpu.Part.AGENT_SIMULATOR)), 2)
                    .put(p + "aws_stand_ins_cpu_ms_per_invoice", perInvoiceMs(cpu.byPart().get(ThreadCpu.Part.AWS_STAND_INS)), 2)
                    .put(p + "pollers_and_other_cpu_ms_per_invoice", perInvoiceMs(cpu.pollersAndOther()), 2)
                    .put(p + "jvm_gc_jit_cpu_ms_per_invoice", perInvoiceMs(cpu.jvmOwn()), 2)
                    .put(p + "process_cpu_ms_per_invoice", perInvoiceMs(cpu.processNanos()), 2)
                    .put(p + "process_cpu_busy", cpu.processNanos() / (double) (wallNanos * Runtime.getRuntime().availableProcessors()), 3)
                    // the record's AWS calls: how many per invoice, and how long each took on the stand-ins
                    .put(p + "dynamodb_calls_per_invoice", created == 0 ? 0 : (double) aws.dynamoDbCalls() / created, 2)
                    .put(p + "dynamodb_call_mean_ms", aws.dynamoDbMeanMs(), 1)
                    .put(p + "eventbridge_calls_per_invoice", created == 0 ? 0 : (double) aws.eventBridgeCalls() / created, 2)
                    .put(p + "eventbridge_call_mean_ms", aws.eventBridgeMeanMs(), 1)
                    .put(p + "sqs_call_mean_ms", aws.sqsMeanMs(), 1);
        }
    }
}
