package hu.autoinvoice.probe;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import hu.autoinvoice.account.AccountStore;
import hu.autoinvoice.account.AgentKeyVault;
import hu.autoinvoice.agent.AgentHttpConfig;
import hu.autoinvoice.agent.HttpAgentTransport;
import hu.autoinvoice.agent.SzamlaAgentClient;
import hu.autoinvoice.aws.AppConfig;
import hu.autoinvoice.aws.AwsClients;
import hu.autoinvoice.json.JsonValues;
import hu.autoinvoice.ledger.InvoiceRequeue;
import hu.autoinvoice.observability.LogContext;
import hu.autoinvoice.observability.MeteredAgentTransport;
import hu.autoinvoice.observability.Metrics;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The scheduled health probe (an EventBridge scheduled event): one {@link HealthProbe} run bounded by the
 * invocation's remaining time; answers the {@link ProbeReport} as JSON. The event's content does not matter (where
 * to continue is kept in the accounts table), so the stream handler does not even parse it.
 */
public final class HealthProbeHandler implements RequestStreamHandler {

    /** Agent timeouts of the probe: short, so in-flight accounts fit the safety margin (one query + one preview). */
    static final Duration AGENT_CONNECT_TIMEOUT = Duration.ofSeconds(3);
    static final Duration AGENT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

    /** The {@code service} dimension of this function's metrics (the UnhealthyAccounts alarm filters on it). */
    public static final String SERVICE = "health-probe";

    private final HealthProbe probe;
    private final Consumer<ProbeReport> runFinished;

    /** The Lambda runtime's constructor: configuration from the environment, the container's shared clients. */
    public HealthProbeHandler() {
        this(new ProbeRunMetrics(Metrics.forService(SERVICE)));
    }

    private HealthProbeHandler(ProbeRunMetrics metrics) {
        this(fromEnvironment(AppConfig.fromEnv(), AwsClients.shared(), metrics), metrics::runFinished);
    }

    private static HealthProbe fromEnvironment(AppConfig config, AwsClients aws, ProbeRunMetrics metrics) {
        InvoiceRequeue requeue = new InvoiceRequeue(aws.dynamoDb(), aws::sqs, config.invoicesTable(),
                config.invoiceQueueUrl());
        SzamlaAgentClient agent = new SzamlaAgentClient(new MeteredAgentTransport(new HttpAgentTransport(
                agentHttp(config)), metrics.metrics()));
        return compose(config, aws, agent, ProbeSettings.fromEnv(System.getenv()), requeue::backfill,
                metrics, Clock.systemUTC());
    }

    public HealthProbeHandler(HealthProbe probe) {
        this(probe, report -> { });
    }

    /** With a consumer of every finished run's report (the Lambda records its metrics there). */
    public HealthProbeHandler(HealthProbe probe, Consumer<ProbeReport> runFinished) {
        this.probe = Objects.requireNonNull(probe, "probe");
        this.runFinished = Objects.requireNonNull(runFinished, "runFinished");
    }

    private static AgentHttpConfig agentHttp(AppConfig config) {
        return AgentHttpConfig.defaults(config.szamlaAgentUrl()).withTimeouts(AGENT_CONNECT_TIMEOUT, AGENT_REQUEST_TIMEOUT);
    }

    /** The one composition root of the probe (the Lambda, the local runner and tests build it here). */
    public static HealthProbe compose(AppConfig config, AwsClients clients, ProbeSettings settings,
            InvoiceBackfill backfill, ProbeMetrics metrics, Clock clock) {
        return compose(config, clients, SzamlaAgentClient.overHttp(agentHttp(config)), settings, backfill, metrics, clock);
    }

    /** As {@link #compose(AppConfig, AwsClients, ProbeSettings, InvoiceBackfill, ProbeMetrics, Clock)} with a given Agent client. */
    public static HealthProbe compose(AppConfig config, AwsClients clients, SzamlaAgentClient agent,
            ProbeSettings settings, InvoiceBackfill backfill, ProbeMetrics metrics, Clock clock) {
        AccountStore accounts = new AccountStore(clients.dynamoDb(), config.accountsTable());
        AgentKeyVault vault = new AgentKeyVault(clients.kms(), config.agentKeyKmsKeyId());
        AccountProber prober = new AccountProber(accounts, vault, agent, backfill, metrics, clock);
        return new HealthProbe(accounts, new ProbeCursorStore(clients.dynamoDb(), config.accountsTable()), prober,
                settings, clock);
    }

    @Override
    public void handleRequest(InputStream event, OutputStream output, Context context) throws IOException {
        JsonValues.write(run(context), output);
    }

    /** One probe run within the invocation's remaining time; the report as a map. */
    public Map<String, Object> run(Context context) {
        try (var scope = LogContext.invocation(context.getAwsRequestId())) {
            ProbeReport report = probe.run(context::getRemainingTimeInMillis);
            runFinished.accept(report);
            return report.asMap();
        }
    }
}
