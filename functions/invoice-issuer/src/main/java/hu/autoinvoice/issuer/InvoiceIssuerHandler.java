package hu.autoinvoice.issuer;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import hu.autoinvoice.account.AccountStore;
import hu.autoinvoice.account.AgentKeyVault;
import hu.autoinvoice.agent.AgentHttpConfig;
import hu.autoinvoice.agent.HttpAgentTransport;
import hu.autoinvoice.agent.SzamlaAgentClient;
import hu.autoinvoice.aws.AppConfig;
import hu.autoinvoice.aws.AwsClients;
import hu.autoinvoice.aws.TimeBudget;
import hu.autoinvoice.ledger.InvoiceLedger;
import hu.autoinvoice.observability.LogContext;
import hu.autoinvoice.observability.MeteredAgentTransport;
import hu.autoinvoice.observability.Metrics;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * The invoice-issuer Lambda ({@code SQSEvent} → {@code SQSBatchResponse}, ReportBatchItemFailures): hands the batch
 * to {@link IssuerBatch} and reports the records to retry. Never throws for one record. The no-arg constructor is the
 * composition root the Lambda runtime uses (config from the environment, shared AWS clients, the Agent over HTTP).
 * A stream handler: the event is read by {@link SqsBatchJson} (cold start: the runtime's reflective POJO
 * serialisation is never loaded); {@link #handle} is the same call with the event as an object.
 */
public final class InvoiceIssuerHandler implements RequestStreamHandler {

    /** The {@code service} dimension of this function's metrics. */
    public static final String SERVICE = "invoice-issuer";

    private final IssuerBatch batch;

    /** Lambda entry: everything from the environment. */
    public InvoiceIssuerHandler() {
        this(AppConfig.fromEnv(), AwsClients.shared());
    }

    private InvoiceIssuerHandler(AppConfig config, AwsClients clients) {
        this(compose(config, clients, AgentHttpConfig.defaults(config.szamlaAgentUrl()),
                IssuerSettings.forAgent(AgentHttpConfig.defaults(config.szamlaAgentUrl()), System.getenv()),
                Metrics.forService(SERVICE), Clock.systemUTC()));
    }

    public InvoiceIssuerHandler(IssuerBatch batch) {
        this.batch = Objects.requireNonNull(batch, "batch");
    }

    /**
     * The production wiring over the given parts: the Agent over HTTP behind {@link MeteredAgentTransport}, outcomes
     * and account status changes as metrics ({@link IssuerMetrics}).
     */
    public static IssuerBatch compose(AppConfig config, AwsClients clients, AgentHttpConfig http, IssuerSettings settings,
            Metrics metrics, Clock clock) {
        SzamlaAgentClient agent = new SzamlaAgentClient(new MeteredAgentTransport(new HttpAgentTransport(http), metrics));
        return compose(config, clients, agent, settings, clock, new IssuerMetrics(metrics));
    }

    /** Wires the issuer from its parts (the local runner and the tests use this with other settings). */
    public static IssuerBatch compose(AppConfig config, AwsClients clients, AgentHttpConfig http, IssuerSettings settings,
            Clock clock, IssuerHook hook) {
        return compose(config, clients, SzamlaAgentClient.overHttp(http), settings, clock, hook);
    }

    /** As above with a ready Agent client (e.g. over a counting transport). */
    public static IssuerBatch compose(AppConfig config, AwsClients clients, SzamlaAgentClient agent,
            IssuerSettings settings, Clock clock, IssuerHook hook) {
        var vault = new AgentKeyVault(clients.kms(), config.agentKeyKmsKeyId());
        var issuer = new InvoiceIssuer(
                new InvoiceLedger(clients.dynamoDb(), config.invoicesTable()),
                new AccountStore(clients.dynamoDb(), config.accountsTable()),
                new AgentKeyCache(vault, settings.keyTtl(), clock),
                agent,
                new DeadLetters(clients::sqs, config.invoiceDlqUrl()),
                settings, clock, hook);
        return new IssuerBatch(issuer);
    }

    /** SQS's {@code ApproximateReceiveCount} of the record; 1 when absent or unreadable. */
    static int receiveCount(SQSEvent.SQSMessage record) {
        String count = record.getAttributes() == null ? null : record.getAttributes().get("ApproximateReceiveCount");
        try {
            return count == null ? 1 : Math.max(1, Integer.parseInt(count.trim()));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        SqsBatchJson.write(handle(SqsBatchJson.read(input), context), output);
    }

    /** Processes one batch; the local runner and tests call this with the event as an object. */
    public SQSBatchResponse handle(SQSEvent event, Context context) {
        // every line of the invocation carries the request id; IssuerBatch adds accountId/purchaseId per record
        try (var scope = LogContext.invocation(context == null ? null : context.getAwsRequestId())) {
            List<SQSEvent.SQSMessage> records = event == null || event.getRecords() == null ? List.of() : event.getRecords();
            List<IssuerBatch.Message> messages = records.stream()
                    .map(r -> new IssuerBatch.Message(r.getMessageId(), r.getBody(), receiveCount(r))).toList();
            TimeBudget budget = context == null ? TimeBudget.UNLIMITED : context::getRemainingTimeInMillis;
            List<SQSBatchResponse.BatchItemFailure> failures = batch.process(messages, budget).stream()
                    .map(id -> SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier(id).build()).toList();
            return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
        }
    }
}
