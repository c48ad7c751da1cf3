package hu.autoinvoice.local.runner;

import hu.autoinvoice.ledger.InvoiceRequeue;
import hu.autoinvoice.local.aws.LocalAws;
import hu.autoinvoice.local.aws.LocalResources;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The AWS stand-ins with the application's resources created. */
public final class AwsComponent implements LocalComponent {

    private final LocalAws aws;
    private final LocalResources resources;

    private AwsComponent(LocalAws aws, LocalResources resources) {
        this.aws = aws;
        this.resources = resources;
    }

    /** Starts the stand-ins on the configured ports and creates the queues, tables, key and secret. */
    public static AwsComponent start(RunnerContext context) throws IOException {
        LocalAws aws = LocalAws.start(context.options().localAwsConfig());
        try {
            return new AwsComponent(aws, aws.createResources());
        } catch (RuntimeException e) {
            aws.close();
            throw e;
        }
    }

    public LocalAws aws() {
        return aws;
    }

    public LocalResources resources() {
        return resources;
    }

    /** Re-enqueues ledger items to the local invoice queue (the probe's backfill, the connect API's re-issue). */
    public InvoiceRequeue requeue() {
        return new InvoiceRequeue(aws.clients().dynamoDb(), aws.clients().sqs(), resources.invoicesTable(),
                resources.queues().queueUrl());
    }

    @Override
    public String name() {
        return "AWS stand-ins";
    }

    @Override
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        aws.endpoints().asMap().forEach((service, uri) -> lines.add(String.format("%-22s %s", service, uri)));
        lines.add(String.format("%-22s %s", "queue", resources.queues().queueUrl()));
        lines.add(String.format("%-22s %s (maxReceiveCount %d)", "dead-letter queue", resources.queues().dlqUrl(),
                resources.queues().maxReceiveCount()));
        lines.add(String.format("%-22s %s", "accounts table", resources.accountsTable()));
        lines.add(String.format("%-22s %s", "invoices table", resources.invoicesTable()));
        lines.add(String.format("%-22s %s (%s)", "KMS key", resources.kmsKeyArn(), resources.kmsAlias()));
        lines.add(String.format("%-22s %s", "pepper secret", resources.pepperSecretName()));
        lines.add("For the AWS CLI (any version): region " + aws.config().region() + ", any credentials, and --endpoint-url:");
        lines.add("  aws --endpoint-url " + aws.endpoints().sqs() + " sqs list-queues");
        lines.add("  aws --endpoint-url " + aws.endpoints().dynamoDb() + " dynamodb list-tables");
        lines.add("  aws --endpoint-url " + aws.endpoints().eventBridge() + " events list-event-buses"
                + "   (KMS, Secrets Manager, EventBridge)");
        lines.add("For an SDK or AWS CLI v2.13+ (older CLIs ignore these variables):");
        for (Map.Entry<String, String> entry : aws.endpoints().environment().entrySet()) {
            lines.add("  export " + entry.getKey() + "=" + entry.getValue());
        }
        return lines;
    }

    @Override
    public void close() {
        aws.close();
    }
}
