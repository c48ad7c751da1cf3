package hu.autoinvoice.local.bench;

import hu.autoinvoice.agent.AgentAction;
import hu.autoinvoice.aws.AppConfig;
import hu.autoinvoice.issuer.InvoiceIssuerHandler;
import hu.autoinvoice.local.runner.IssuerFixtures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Benchmark 3, per-invoice cost: {@code purchases} happy-path purchases of {@code accounts} accounts through the
 * real invoice-issuer handler in batches of 10. Counts Agent calls (a {@link CountingAgentTransport}), DynamoDB
 * reads and writes and KMS calls ({@link AwsCallCounter} on the SDK clients) from the first batch on (account setup
 * excluded) and divides by the invoices issued. Targets: 1 Agent call, ≤ 3 DynamoDB writes, ≤ 0.1 KMS calls.
 */
public final class CostBench {

    static final Set<String> OPTIONS = Set.of("purchases", "accounts");

    private CostBench() {}

    public static BenchResult run(BenchStand stand, BenchArgs args) throws Exception {
        args.requireOnly("cost", OPTIONS);
        int purchases = args.intValue("purchases", 1000);
        int accountCount = args.intValue("accounts", 10);
        String run = "cb-" + UUID.randomUUID().toString().substring(0, 6);
        AppConfig config = stand.freshQueues(Duration.ofSeconds(30));
        List<String> accounts = stand.connectAccounts(config, run, accountCount);
        CountingAgentTransport transport = stand.countingTransport();
        InvoiceIssuerHandler handler = stand.issuerHandler(config, transport);
        String arn = stand.queueArn(config);
        stand.latency(0);

        AwsCallCounter aws = stand.awsCalls();
        aws.reset();
        long acknowledged = 0;
        for (int i = 0; i < purchases; i += 10) {
            List<String> bodies = new ArrayList<>();
            for (int j = i; j < Math.min(purchases, i + 10); j++) {
                bodies.add(IssuerFixtures.paid(accounts.get(j % accounts.size()), run + "-p" + j, 1 + j % 3, 2990 + j));
            }
            var response = handler.handle(BenchContext.event(run + "-b" + i, bodies, arn), new BenchContext());
            acknowledged += bodies.size() - response.getBatchItemFailures().size();
        }
        long creates = transport.count(AgentAction.CREATE_INVOICE);
        double issued = Math.max(1, creates);
        return new BenchResult()
                .put("cost_purchases", purchases)
                .put("cost_accounts", accountCount)
                .put("cost_acknowledged", acknowledged)
                .put("cost_invoices_created", creates)
                .put("agent_calls_per_invoice", transport.total() / issued, 3)
                .put("dynamodb_writes_per_invoice", aws.count(AwsCallCounter.DYNAMODB, AwsCallCounter.DYNAMODB_WRITES) / issued, 3)
                .put("dynamodb_reads_per_invoice", aws.count(AwsCallCounter.DYNAMODB, AwsCallCounter.DYNAMODB_READS) / issued, 3)
                .put("dynamodb_get_item_per_invoice", aws.count(AwsCallCounter.DYNAMODB, "GetItem") / issued, 3)
                .put("dynamodb_update_item_per_invoice", aws.count(AwsCallCounter.DYNAMODB, "UpdateItem") / issued, 3)
                .put("kms_calls_per_invoice", aws.count(AwsCallCounter.KMS) / issued, 3)
                .put("sqs_calls_per_invoice", aws.count(AwsCallCounter.SQS) / issued, 3);
    }
}
