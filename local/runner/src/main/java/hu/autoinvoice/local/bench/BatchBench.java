package hu.autoinvoice.local.bench;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import hu.autoinvoice.aws.AppConfig;
import hu.autoinvoice.issuer.InvoiceIssuerHandler;
import hu.autoinvoice.local.runner.IssuerFixtures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Benchmark 2, batch parallelism: one batch of {@code records} purchases through the real invoice-issuer handler
 * with the simulator answering after {@code latency-ms}. Every record needs one Agent call, so a fully parallel batch
 * takes one latency plus overhead: {@code batch_ratio = wall / latency} (target ≤ 1.5). A warm-up batch runs first
 * (JIT, connections, KMS key cache); then {@code rounds} measured batches, the median is reported. The records
 * belong to {@code accounts} accounts (default: one account per record, a mixed batch); a second measurement with
 * all records of one account shows the per-account cap ({@code ISSUER_PER_ACCOUNT_CONCURRENCY}, default 4), and the
 * same batch with an instant Agent ({@code batch_overhead_ms}) shows what the batch costs besides the Agent's latency
 * (on the stand-ins: mostly queueing at dynalite, one single-threaded Node process).
 */
public final class BatchBench {

    static final Set<String> OPTIONS = Set.of("records", "latency-ms", "rounds", "accounts");

    private BatchBench() {}

    public static BenchResult run(BenchStand stand, BenchArgs args) throws Exception {
        args.requireOnly("batch", OPTIONS);
        int records = args.intValue("records", 10);
        int latency = args.intValue("latency-ms", 300);
        int rounds = args.intValue("rounds", 3);
        int accountCount = args.intValue("accounts", records);
        String run = "bb-" + UUID.randomUUID().toString().substring(0, 6);
        AppConfig config = stand.freshQueues(Duration.ofSeconds(30));
        List<String> mixed = stand.connectAccounts(config, run, accountCount);
        List<String> single = List.of(mixed.getFirst());
        CountingAgentTransport transport = stand.countingTransport();
        InvoiceIssuerHandler handler = stand.issuerHandler(config, transport);
        String arn = stand.queueArn(config);
        stand.latency(latency);
        int[] seq = {0};

        batch(handler, arn, mixed, records, run, seq); // warm-up
        stand.awsCalls().reset();
        long[] mixedWalls = new long[rounds];
        long[] singleWalls = new long[rounds];
        int acknowledged = 0;
        for (int r = 0; r < rounds; r++) {
            Timed m = batch(handler, arn, mixed, records, run, seq);
            Timed s = batch(handler, arn, single, records, run, seq);
            mixedWalls[r] = m.millis();
            singleWalls[r] = s.millis();
            acknowledged += m.acknowledged() + s.acknowledged();
        }
        double dynamoMean = stand.awsCalls().meanMillis(AwsCallCounter.DYNAMODB);
        // the same batch with an instant Agent: what the batch costs besides the Agent's latency
        stand.latency(0);
        long[] overheads = new long[rounds];
        for (int r = 0; r < rounds; r++) {
            overheads[r] = batch(handler, arn, mixed, records, run, seq).millis();
        }
        long wall = median(mixedWalls);
        long wallSingle = median(singleWalls);
        return new BenchResult()
                .put("batch_records", records)
                .put("batch_accounts", accountCount)
                .put("batch_latency_ms", latency)
                .put("batch_wall_ms", wall)
                .put("batch_ratio", (double) wall / latency, 2)
                .put("batch_single_account_wall_ms", wallSingle)
                .put("batch_single_account_ratio", (double) wallSingle / latency, 2)
                .put("batch_overhead_ms", median(overheads))
                .put("batch_dynamodb_call_mean_ms", dynamoMean, 1)
                .put("batch_acknowledged", acknowledged)
                .put("batch_expected", 2L * rounds * records);
    }

    private record Timed(long millis, int acknowledged) {}

    private static Timed batch(InvoiceIssuerHandler handler, String arn, List<String> accounts, int records,
            String run, int[] seq) {
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < records; i++) {
            bodies.add(IssuerFixtures.paid(accounts.get(i % accounts.size()), run + "-p" + (seq[0]++), 1, 4990));
        }
        var event = BenchContext.event(run + "-m" + seq[0], bodies, arn);
        long start = System.nanoTime();
        SQSBatchResponse response = handler.handle(event, new BenchContext());
        long millis = (System.nanoTime() - start) / 1_000_000;
        return new Timed(millis, records - response.getBatchItemFailures().size());
    }

    static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
