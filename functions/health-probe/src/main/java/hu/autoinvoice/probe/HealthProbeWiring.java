package hu.autoinvoice.probe;

import hu.autoinvoice.account.AccountStore;
import hu.autoinvoice.account.AgentKeyVault;
import hu.autoinvoice.agent.AgentHttpConfig;
import hu.autoinvoice.agent.HttpAgentTransport;
import hu.autoinvoice.agent.SzamlaAgentClient;
import hu.autoinvoice.aws.AppConfig;
import hu.autoinvoice.aws.AwsClients;
import hu.autoinvoice.events.EventBridgeOutcomes;
import hu.autoinvoice.events.OutcomeRelay;
import hu.autoinvoice.ledger.InvoiceLedger;
import hu.autoinvoice.ledger.InvoiceRequeue;
import hu.autoinvoice.observability.MeteredAgentTransport;
import hu.autoinvoice.observability.Metrics;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The health probe's composition root: what one container is built from. {@link #fromEnvironment()} is what the
 * Lambda runs; {@link #over} plus the {@code with…} replacements is the one seam of the local runner, the benchmarks
 * and the tests. The three functions' wirings have this shape.
 */
public record HealthProbeWiring(AppConfig config, AwsClients aws, SzamlaAgentClient agent, ProbeSettings settings,
        InvoiceBackfill backfill, ProbeMetrics metrics, Clock clock) {

    /** The {@code service} dimension of this function's metrics (the UnhealthyAccounts alarm filters on it). */
    public static final String SERVICE = "health-probe";
    /** Outcomes younger than this are left to the issuer that recorded them (it publishes right after its write). */
    static final Duration OUTCOME_SWEEP_AGE = Duration.ofMinutes(1);

    /** Agent timeouts of the probe: short, so in-flight accounts fit the safety margin (one query + one preview). */
    public static final Duration AGENT_CONNECT_TIMEOUT = Duration.ofSeconds(3);
    public static final Duration AGENT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

    public HealthProbeWiring {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(aws, "aws");
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(backfill, "backfill");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(clock, "clock");
    }

    /**
     * The Lambda's parts: configuration and settings from the environment, the container's shared clients, the Agent
     * over HTTP behind {@link MeteredAgentTransport}, the run's counters as metrics ({@link ProbeRunMetrics}).
     */
    public static HealthProbeWiring fromEnvironment() {
        AppConfig config = AppConfig.fromEnv();
        ProbeRunMetrics metrics = new ProbeRunMetrics(Metrics.forService(SERVICE));
        return over(config, AwsClients.shared())
                .withAgent(new SzamlaAgentClient(new MeteredAgentTransport(new HttpAgentTransport(agentHttp(config)),
                        metrics.metrics())))
                .withSettings(ProbeSettings.fromEnv(System.getenv()))
                .withMetrics(metrics);
    }

    /**
     * Over the given configuration and clients: the Agent over plain HTTP with this function's timeouts, the default
     * settings, a recovered account's invoices re-enqueued to the configured queue ({@link InvoiceRequeue#backfill}),
     * no metrics, the system clock.
     */
    public static HealthProbeWiring over(AppConfig config, AwsClients aws) {
        InvoiceRequeue requeue = new InvoiceRequeue(aws.dynamoDb(), aws::sqs, config.invoicesTable(),
                config.invoiceQueueUrl());
        return new HealthProbeWiring(config, aws, SzamlaAgentClient.overHttp(agentHttp(config)), ProbeSettings.defaults(),
                requeue::backfill, ProbeMetrics.NONE, Clock.systemUTC());
    }

    /** This function's Agent HTTP settings. */
    public static AgentHttpConfig agentHttp(AppConfig config) {
        return AgentHttpConfig.defaults(config.szamlaAgentUrl()).withTimeouts(AGENT_CONNECT_TIMEOUT, AGENT_REQUEST_TIMEOUT);
    }

    public HealthProbeWiring withAgent(SzamlaAgentClient agent) {
        return new HealthProbeWiring(config, aws, agent, settings, backfill, metrics, clock);
    }

    public HealthProbeWiring withSettings(ProbeSettings settings) {
        return new HealthProbeWiring(config, aws, agent, settings, backfill, metrics, clock);
    }

    public HealthProbeWiring withBackfill(InvoiceBackfill backfill) {
        return new HealthProbeWiring(config, aws, agent, settings, backfill, metrics, clock);
    }

    public HealthProbeWiring withMetrics(ProbeMetrics metrics) {
        return new HealthProbeWiring(config, aws, agent, settings, backfill, metrics, clock);
    }

    public HealthProbeWiring withClock(Clock clock) {
        return new HealthProbeWiring(config, aws, agent, settings, backfill, metrics, clock);
    }

    /** The probe over these parts. */
    public HealthProbe probe() {
        AccountStore accounts = new AccountStore(aws.dynamoDb(), config.accountsTable());
        AgentKeyVault vault = new AgentKeyVault(aws.kms(), config.agentKeyKmsKeyId());
        OutcomeRelay relay = new OutcomeRelay(new InvoiceLedger(aws.dynamoDb(), config.invoicesTable()),
                new EventBridgeOutcomes(aws::eventBridge, config.outcomeEventBus()));
        // younger outcomes are being published by the issuer that wrote them
        PendingOutcomes outcomes = accountId -> relay.sweep(accountId, clock.instant().minus(OUTCOME_SWEEP_AGE));
        AccountProber prober = new AccountProber(accounts, vault, agent, backfill, outcomes, metrics, clock);
        return new HealthProbe(accounts, new ProbeCursorStore(aws.dynamoDb(), config.accountsTable()), prober, settings,
                metrics, clock);
    }

    /** The handler over these parts. */
    public HealthProbeHandler handler() {
        return new HealthProbeHandler(probe());
    }
}
