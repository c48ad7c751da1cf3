package hu.autoinvoice.local.bench;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import hu.autoinvoice.agent.AgentAction;
import hu.autoinvoice.aws.AppConfig;
import hu.autoinvoice.issuer.InvoiceIssuerHandler;
import hu.autoinvoice.local.runner.IssuerFixtures;
import hu.autoinvoice.local.runner.QueuePoller;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * Benchmark 4, end-to-end throughput: {@code purchases} purchases of {@code accounts} accounts are put on a private
 * local queue (ElasticMQ), then {@code concurrency} {@link QueuePoller}s — each like one concurrent invocation of the
 * event source mapping: receive ≤ 10, invoke the real handler, delete the acknowledged — drain it through the ledger
 * (the DynamoDB stand-in: in-JVM unless {@code --dynamodb=dynalite}) and the simulator answering after
 * {@code latency-ms}. An untimed pass of {@code warmup} purchases through the same pollers comes first; the timed
 * pass runs from the pollers' start to the last acknowledged record.
 * <p>
 * Latency bound: a handler invocation needs at least one Agent latency for its batch of at most 10 records (each
 * record one create call, all in parallel), and {@code concurrency} invocations run at once, so no run can issue
 * more than {@code concurrency × 10 / latency} invoices per second. {@code e2e_efficiency = invoices_per_s / bound}
 * (target ≥ 0.7).
 */
public final class ThroughputBench {

    static final Set<String> OPTIONS = Set.of("purchases", "latency-ms", "concurrency", "accounts", "warmup");

    private ThroughputBench() {}

    public static BenchResult run(BenchStand stand, BenchArgs args) throws Exception {
        args.requireOnly("throughput", OPTIONS);
        int purchases = args.intValue("purchases", 1000);
        int latency = args.intValue("latency-ms", 50);
        int concurrency = args.intValue("concurrency", 4);
        int accountCount = args.intValue("accounts", 50);
        int warmup = args.intValue("warmup", 500);
        long created;
        String run = "tb-" + UUID.randomUUID().toString().substring(0, 6);
        AppConfig config = stand.freshQueues(Duration.ofSeconds(60));
        List<String> accounts = stand.connectAccounts(config, run, accountCount);
        CountingAgentTransport transport = stand.countingTransport();
        InvoiceIssuerHandler real = stand.issuerHandler(config, transport);
        String arn = stand.queueArn(config);

        // warm-up outside the timing (class loading, JIT, connection pools): a pass of its own through the same pollers
        stand.latency(latency);
        AtomicLong acknowledged = new AtomicLong();
        AtomicLong invocations = new AtomicLong();
        RequestHandler<SQSEvent, SQSBatchResponse> counting = (event, context) -> {
            SQSBatchResponse response = real.handle(event, context);
            invocations.incrementAndGet();
            acknowledged.addAndGet(event.getRecords().size() - response.getBatchItemFailures().size());
            return response;
        };
        long start;
        long end;
        try {
            drain(stand, config, arn, counting, concurrency, acknowledged, enqueue(stand, config, accounts, run + "-w", warmup));
            long createsBefore = transport.count(AgentAction.CREATE_INVOICE);
            int timed = enqueue(stand, config, accounts, run + "-p", purchases);
            acknowledged.set(0);
            invocations.set(0);
            stand.awsCalls().reset();
            start = System.nanoTime();
            end = drain(stand, config, arn, counting, concurrency, acknowledged, timed);
            created = transport.count(AgentAction.CREATE_INVOICE) - createsBefore;
        } finally {
            stand.latency(0);
        }
        double seconds = (end - start) / 1e9;
        double achieved = acknowledged.get() / seconds;
        double bound = concurrency * 10 * 1000.0 / latency;
        return new BenchResult()
                .put("e2e_dynamodb_backend", stand.dynamoDbBackend().label())
                .put("e2e_purchases", purchases)
                .put("e2e_acknowledged", acknowledged.get())
                .put("e2e_invoices_created", created)
                .put("e2e_warmup_purchases", warmup)
                .put("e2e_concurrency", concurrency)
                .put("e2e_latency_ms", latency)
                .put("e2e_invocations", invocations.get())
                .put("e2e_wall_ms", Math.round(seconds * 1000))
                .put("invoices_per_s", achieved, 1)
                .put("e2e_bound_per_s", bound, 1)
                .put("e2e_bound_formula", "concurrency*10/latency")
                .put("e2e_efficiency", achieved / bound, 3)
                // where the time goes on the stand-ins: DynamoDB calls (e2e_dynamodb_backend) per second and mean
                .put("e2e_dynamodb_calls_per_s", stand.awsCalls().count(AwsCallCounter.DYNAMODB) / seconds, 1)
                .put("e2e_dynamodb_call_mean_ms", stand.awsCalls().meanMillis(AwsCallCounter.DYNAMODB), 1)
                .put("e2e_sqs_call_mean_ms", stand.awsCalls().meanMillis(AwsCallCounter.SQS), 1);
    }

    static int enqueue(BenchStand stand, AppConfig config, List<String> accounts, String prefix, int count) {
        for (int i = 0; i < count; i += 10) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int j = i; j < Math.min(count, i + 10); j++) {
                entries.add(SendMessageBatchRequestEntry.builder().id("m" + j).messageBody(
                        IssuerFixtures.paid(accounts.get(j % accounts.size()), prefix + j, 1, 1990 + j))
                        .messageGroupId(accounts.get(j % accounts.size())).build());
            }
            stand.clients().sqs().sendMessageBatch(b -> b.queueUrl(config.invoiceQueueUrl()).entries(entries));
        }
        return count;
    }

    /**
     * Runs {@code concurrency} pollers until {@code expected} records are acknowledged (or 10 minutes pass); returns
     * the {@code nanoTime} when that was seen (before the pollers are closed).
     */
    static long drain(BenchStand stand, AppConfig config, String arn,
            RequestHandler<SQSEvent, SQSBatchResponse> handler, int concurrency, AtomicLong acknowledged, long expected)
            throws InterruptedException {
        List<QueuePoller> pollers = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        try {
            for (int i = 0; i < concurrency; i++) {
                pollers.add(new QueuePoller(stand.clients().sqs(), config.invoiceQueueUrl(), arn, handler).start());
            }
            while (acknowledged.get() < expected && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            return System.nanoTime();
        } finally {
            pollers.forEach(QueuePoller::close);
        }
    }
}
