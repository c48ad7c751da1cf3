package hu.autoinvoice.probe;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import hu.autoinvoice.account.AccountStore;
import hu.autoinvoice.account.AgentKeyVault;
import hu.autoinvoice.agent.AgentHttpConfig;
import hu.autoinvoice.agent.SzamlaAgentClient;
import hu.autoinvoice.aws.AppConfig;
import hu.autoinvoice.aws.AwsClients;
import hu.autoinvoice.ledger.InvoiceRequeue;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The scheduled health probe (EventBridge {@link ScheduledEvent}): one {@link HealthProbe} run bounded by the
 * invocation's remaining time; answers the {@link ProbeReport} as a map. The event's content does not matter: where
 * to continue is kept in the accounts table.
 */
public final class HealthProbeHandler implements RequestHandler<ScheduledEvent, Map<String, Object>> {

    /** Agent timeouts of the probe: short, so in-flight accounts fit the safety margin (one query + one preview). */
    static final Duration AGENT_CONNECT_TIMEOUT = Duration.ofSeconds(3);
    static final Duration AGENT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final HealthProbe probe;

    /** The Lambda runtime's constructor: configuration from the environment, the container's shared clients. */
    public HealthProbeHandler() {
        this(fromEnvironment(AppConfig.fromEnv(), AwsClients.shared()));
    }

    private static HealthProbe fromEnvironment(AppConfig config, AwsClients aws) {
        InvoiceRequeue requeue = new InvoiceRequeue(aws.dynamoDb(), aws.sqs(), config.invoicesTable(),
                config.invoiceQueueUrl());
        return compose(config, aws, ProbeSettings.fromEnv(System.getenv()), requeue::backfillParked,
                new CountingProbeMetrics(), Clock.systemUTC());
    }

    public HealthProbeHandler(HealthProbe probe) {
        this.probe = Objects.requireNonNull(probe, "probe");
    }

    /** The one composition root of the probe (the Lambda, the local runner and tests build it here). */
    public static HealthProbe compose(AppConfig config, AwsClients clients, ProbeSettings settings,
            ParkedInvoiceBackfill backfill, ProbeMetrics metrics, Clock clock) {
        SzamlaAgentClient agent = SzamlaAgentClient.overHttp(AgentHttpConfig.defaults(config.szamlaAgentUrl())
                .withTimeouts(AGENT_CONNECT_TIMEOUT, AGENT_REQUEST_TIMEOUT));
        return compose(config, clients, agent, settings, backfill, metrics, clock);
    }

    /** As {@link #compose(AppConfig, AwsClients, ProbeSettings, ParkedInvoiceBackfill, ProbeMetrics, Clock)} with a given Agent client. */
    public static HealthProbe compose(AppConfig config, AwsClients clients, SzamlaAgentClient agent,
            ProbeSettings settings, ParkedInvoiceBackfill backfill, ProbeMetrics metrics, Clock clock) {
        AccountStore accounts = new AccountStore(clients.dynamoDb(), config.accountsTable());
        AgentKeyVault vault = new AgentKeyVault(clients.kms(), config.agentKeyKmsKeyId());
        AccountProber prober = new AccountProber(accounts, vault, agent, backfill, metrics, clock);
        return new HealthProbe(accounts, new ProbeCursorStore(clients.dynamoDb(), config.accountsTable()), prober,
                settings, clock);
    }

    @Override
    public Map<String, Object> handleRequest(ScheduledEvent event, Context context) {
        return probe.run(context::getRemainingTimeInMillis).asMap();
    }
}
