package hu.autoinvoice.local.bench;

import static org.assertj.core.api.Assertions.assertThat;

import hu.autoinvoice.local.aws.LocalAws;
import hu.autoinvoice.local.aws.LocalAwsExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One small run of every benchmark (the same code as {@code make bench}): the figures are printed as
 * {@code name=value} lines and are sane — every purchase issued exactly once, every account probed. No speed is
 * asserted (the machines are noisy; the figures are in docs/PERFORMANCE.md).
 */
@ExtendWith(LocalAwsExtension.class)
class BenchSmokeTest {

    private static BenchStand stand;

    @BeforeAll
    static void start(LocalAws aws) {
        stand = BenchStand.on(aws);
    }

    @AfterAll
    static void stop() {
        stand.close();
    }

    private static BenchResult run(String name, String... args) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BenchResult result = Bench.run(name, Bench.ALL.get(name), stand, BenchArgs.parse(args),
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertThat(printed.lines()).allMatch(l -> l.matches("[a-z0-9_]+=\\S+"), "name=value lines");
        result.figures().forEach((k, v) -> assertThat(printed).contains(k + "=" + v));
        return result;
    }

    @Test
    void batchIssuesEveryRecordAndPrintsItsRatio() throws Exception {
        BenchResult r = run("batch", "--records=4", "--latency-ms=20", "--rounds=1");
        assertThat(r.figures()).containsKeys("batch_wall_ms", "batch_ratio", "batch_single_account_ratio",
                "batch_overhead_ms");
        assertThat(r.number("batch_acknowledged")).isEqualTo(r.number("batch_expected")).isEqualTo(8);
        assertThat(r.number("batch_ratio")).isPositive();
    }

    @Test
    void costCountsOneAgentCallAndTwoWritesPerInvoice() throws Exception {
        BenchResult r = run("cost", "--purchases=40", "--accounts=2");
        assertThat(r.number("cost_acknowledged")).isEqualTo(40);
        assertThat(r.number("cost_invoices_created")).isEqualTo(40);
        // counts, not speed: these are the targets of benchmark 3 and hold at any size
        assertThat(r.number("agent_calls_per_invoice")).isEqualTo(1.0);
        // the claim and the issue write: the outcome event is published before the write, no outbox to clear
        assertThat(r.number("dynamodb_writes_per_invoice")).isEqualTo(2.0);
        assertThat(r.number("dynamodb_reads_per_invoice")).isPositive();
        assertThat(r.number("kms_calls_per_invoice")).isEqualTo(2 / 40.0);
    }

    @Test
    void throughputDrainsTheQueueIssuingEveryPurchaseOnce() throws Exception {
        BenchResult r = run("throughput", "--purchases=60", "--latency-ms=10", "--concurrency=2", "--accounts=6");
        assertThat(r.number("e2e_acknowledged")).isEqualTo(60);
        assertThat(r.number("e2e_invoices_created")).isEqualTo(60);
        assertThat(r.number("e2e_bound_per_s")).isEqualTo(2 * 10 * 1000.0 / 10);
        assertThat(r.figures()).containsKeys("invoices_per_s", "e2e_efficiency");
    }

    @Test
    void endToEndTimesEveryRecordAndPrintsWhatCarriesToAws() throws Exception {
        BenchResult r = run("e2e", "--latencies=10,20", "--rounds=2", "--concurrency=2", "--accounts=6", "--warmup=20");
        for (int latency : new int[] {10, 20}) {
            String p = "e2e_" + latency + "ms_";
            assertThat(r.number(p + "acknowledged")).as(p).isEqualTo(2 * 10 * 2);
            assertThat(r.number(p + "invoices_created")).as(p).isEqualTo(2 * 10 * 2);
            // every processed record was timed: IssuerObserver.started and processed came on the record's thread
            assertThat(r.number(p + "timed_records")).as(p).isEqualTo(2 * 10 * 2);
            assertThat(r.number(p + "bound_per_s")).as(p).isEqualTo(2 * 10 * 1000.0 / latency);
            // a bound: no invocation ends before its Agent calls, one invocation per poller at a time
            assertThat(r.number(p + "efficiency")).as(p).isPositive().isLessThanOrEqualTo(1.0);
            // the simulator answers after the latency, so the time inside the Agent call is at least that
            assertThat(r.number(p + "agent_call_ms_p50")).as(p).isGreaterThanOrEqualTo(latency);
            assertThat(r.number(p + "issuer_overhead_ms_p50")).as(p).isPositive();
            assertThat(r.number(p + "issuer_overhead_ms_p99")).as(p).isGreaterThanOrEqualTo(r.number(p + "issuer_overhead_ms_p50"));
            assertThat(r.number(p + "issuer_cpu_ms_per_invoice")).as(p).isPositive();
            assertThat(r.number(p + "poller_busy")).as(p).isPositive().isLessThanOrEqualTo(1.0);
            // every invoice's outcome event goes out on the record's path (issue 13's outbox relay)
            assertThat(r.number(p + "eventbridge_calls_per_invoice")).as(p).isEqualTo(1.0);
            assertThat(r.number(p + "dynamodb_calls_per_invoice")).as(p).isGreaterThanOrEqualTo(3.0);
            // the CPU split: every part measured, the process at least the issuer's share
            for (String part : new String[] {"agent_simulator", "aws_stand_ins", "pollers_and_other", "jvm_gc_jit"}) {
                assertThat(r.figures()).as(p + part).containsKey(p + part + "_cpu_ms_per_invoice");
            }
            assertThat(r.number(p + "process_cpu_ms_per_invoice")).as(p)
                    .isGreaterThanOrEqualTo(r.number(p + "issuer_cpu_ms_per_invoice"));
        }
        // the headline figures are the last leg's
        assertThat(r.number("issuer_figures_latency_ms")).isEqualTo(20);
        assertThat(r.number("issuer_overhead_ms_per_invoice_p50")).isEqualTo(r.number("e2e_20ms_issuer_overhead_ms_p50"));
        assertThat(r.number("issuer_overhead_ms_per_invoice_p99")).isEqualTo(r.number("e2e_20ms_issuer_overhead_ms_p99"));
        assertThat(r.number("issuer_cpu_ms_per_invoice")).isEqualTo(r.number("e2e_20ms_issuer_cpu_ms_per_invoice"));
        // the test suite's stand-ins are shared and serve on virtual threads: the CPU figure says it is not clean
        assertThat(r.figures().get("e2e_cpu_attribution")).isEqualTo("carriers_shared_with_stand-ins");
    }

    @Test
    void theInvoiceListingIsOneQueryPerPageAndNoScan() throws Exception {
        BenchResult r = run("list", "--items=300", "--calls=5", "--limit=50");
        assertThat(r.number("invoices_list_items_in_account")).isEqualTo(300);
        assertThat(r.number("invoices_list_page_items")).isEqualTo(50);
        assertThat(r.number("invoices_list_queries_per_call")).isEqualTo(1.0);
        assertThat(r.number("invoices_list_scans")).isZero();
        assertThat(r.number("invoices_list_ms")).isPositive();
    }

    @Test
    void probeProbesEveryAccountInOneRun() throws Exception {
        BenchResult r = run("probe", "--accounts=60", "--latency-ms=10", "--budget-s=120");
        assertThat(r.number("probe_probed")).isEqualTo(60);
        assertThat(r.number("probe_failed")).isZero();
        assertThat(r.figures().get("probe_completed_in_one_run")).isEqualTo("true");
        assertThat(r.figures()).containsKeys("probe_accounts_per_s", "probe_projected_s");
    }

    @Test
    void coldStartRunsEachFunctionJarAndTheBaselineInFreshJvms() throws Exception {
        BenchResult r = run("cold", "--runs=1");
        for (String fn : new String[] {"connect_api", "invoice_issuer", "health_probe", "baseline"}) {
            assertThat(r.number("cold_" + fn + "_init_ms")).as(fn).isPositive();
            assertThat(r.number("cold_" + fn + "_first_invoke_ms")).as(fn).isPositive();
            assertThat(r.number("cold_" + fn + "_loaded_classes")).as(fn).isGreaterThan(1000);
            assertThat(r.number("cold_" + fn + "_jar_bytes")).as(fn + ": the Lambda jar within its 13.5 MB budget (docs/PERFORMANCE.md)")
                    .isBetween(100_000.0, 13_500_000.0);
        }
        for (String fn : new String[] {"connect_api", "invoice_issuer", "health_probe"}) {
            assertThat(r.number("cold_ratio_" + fn)).as(fn).isPositive();
            // the Lambda jars carry no log4j and no XML schema validation (what the cut removed stays out)
            assertThat(r.figures()).containsKey("cold_" + fn + "_log4j_classes");
            assertThat(r.number("cold_" + fn + "_log4j_classes")).as(fn).isZero();
            assertThat(r.number("cold_" + fn + "_xml_validation_classes")).as(fn).isZero();
        }
    }

    @Test
    void fairnessPrintsBothRunsSideBySideWithEveryPurchaseProcessedOnce() throws Exception {
        BenchResult r = run("fairness", "--big=1500", "--burst-s=30", "--lead-s=5", "--small-accounts=8",
                "--small-per-min=12", "--concurrency=4", "--latency-ms=500", "--share=16");
        for (String run : new String[] {"fair", "unfair", "fairqueue_only", "share_only"}) {
            assertThat(r.figures()).containsKeys(run + "_small_p50_wait_s", run + "_small_p99_wait_s", run + "_big_drain_s");
            assertThat(r.number(run + "_small_p99_wait_s")).as(run).isPositive()
                    .isGreaterThanOrEqualTo(r.number(run + "_small_p50_wait_s"));
            assertThat(r.number(run + "_big_drain_s")).as(run + ": the burst cannot drain before it ends").isGreaterThanOrEqualTo(29);
        }
        assertThat(r.number("fair_big_drain_ratio")).isCloseTo(r.number("fair_big_drain_s") / r.number("unfair_big_drain_s"),
                org.assertj.core.data.Offset.offset(0.01));
        assertThat(r.number("unfair_hand_backs")).isZero();
        assertThat(r.number("fairness_processed_twice")).isZero();
        assertThat(r.number("fairness_lost")).isZero();
    }

    @Test
    void unknownOptionsAreRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> run("cost", "--purchase=5"))
                .hasMessageContaining("--purchases");
    }
}
