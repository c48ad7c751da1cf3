package hu.autoinvoice.issuer;

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
import hu.autoinvoice.observability.MeteredAgentTransport;
import hu.autoinvoice.observability.Metrics;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * The invoice-issuer's composition root: what one container is built from. {@link #fromEnvironment()} is what the
 * Lambda runs; {@link #over} plus the {@code with…} replacements is the one seam of the local runner, the benchmarks
 * and the tests, so they run the Lambda's wiring with other parts. The three functions' wirings have this shape.
 */
public record InvoiceIssuerWiring(AppConfig config, AwsClients aws, SzamlaAgentClient agent, IssuerSettings settings,
        ShareSettings share, IssuerObserver observer, Clock clock) {

    /** The {@code service} dimension of this function's metrics. */
    public static final String SERVICE = "invoice-issuer";

    public InvoiceIssuerWiring {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(aws, "aws");
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(share, "share");
        Objects.requireNonNull(observer, "observer");
        Objects.requireNonNull(clock, "clock");
    }

    /**
     * The Lambda's parts: configuration from the environment, the container's shared clients, the Agent over HTTP
     * behind {@link MeteredAgentTransport}, outcomes and account changes as metrics ({@link IssuerMetrics}).
     */
    public static InvoiceIssuerWiring fromEnvironment() {
        AppConfig config = AppConfig.fromEnv();
        Metrics metrics = Metrics.forService(SERVICE);
        AgentHttpConfig http = agentHttp(config);
        return over(config, AwsClients.shared())
                .withAgent(new SzamlaAgentClient(new MeteredAgentTransport(new HttpAgentTransport(http), metrics)))
                .withSettings(IssuerSettings.forAgent(http, System.getenv()))
                .withShare(ShareSettings.fromEnvironment(System.getenv()))
                .withObserver(new IssuerMetrics(metrics));
    }

    /**
     * Over the given configuration and clients: the Agent over plain HTTP at the configured URL with this function's
     * timeouts and the settings derived from them, sharing off, no metrics, the system clock.
     */
    public static InvoiceIssuerWiring over(AppConfig config, AwsClients aws) {
        AgentHttpConfig http = agentHttp(config);
        return new InvoiceIssuerWiring(config, aws, SzamlaAgentClient.overHttp(http), IssuerSettings.forAgent(http, Map.of()),
                ShareSettings.OFF, IssuerObserver.NONE, Clock.systemUTC());
    }

    /** This function's Agent HTTP settings (the vendor's own timeouts: a create may take a minute). */
    public static AgentHttpConfig agentHttp(AppConfig config) {
        return AgentHttpConfig.defaults(config.szamlaAgentUrl());
    }

    public InvoiceIssuerWiring withAgent(SzamlaAgentClient agent) {
        return new InvoiceIssuerWiring(config, aws, agent, settings, share, observer, clock);
    }

    public InvoiceIssuerWiring withSettings(IssuerSettings settings) {
        return new InvoiceIssuerWiring(config, aws, agent, settings, share, observer, clock);
    }

    /** Sharing between accounts (docs/ISSUING.md "Share"); {@link ShareSettings#OFF} turns it off. */
    public InvoiceIssuerWiring withShare(ShareSettings share) {
        return new InvoiceIssuerWiring(config, aws, agent, settings, share, observer, clock);
    }

    public InvoiceIssuerWiring withObserver(IssuerObserver observer) {
        return new InvoiceIssuerWiring(config, aws, agent, settings, share, observer, clock);
    }

    /** The batch processor over these parts. */
    public IssuerBatch batch() {
        var ledger = new InvoiceLedger(aws.dynamoDb(), config.invoicesTable());
        var issuer = new InvoiceIssuer(
                ledger,
                new AccountStore(aws.dynamoDb(), config.accountsTable()),
                new AgentKeyCache(new AgentKeyVault(aws.kms(), config.agentKeyKmsKeyId()), settings.keyTtl(), clock),
                agent,
                new DeadLetters(aws::sqs, config.invoiceDlqUrl()),
                settings, clock, observer,
                new OutcomeRelay(ledger, new EventBridgeOutcomes(aws::eventBridge, config.outcomeEventBus())));
        AccountShares shares = !share.enabled() ? AccountShares.OFF : AccountShares.over(
                new ShareBoard(aws.dynamoDb(), config.accountsTable(), share.rule(settings.perAccountConcurrency()), clock),
                new HandBacks(aws::sqs, config.invoiceQueueUrl(), share.handBackDelay()), share, observer);
        return new IssuerBatch(issuer, shares);
    }

    /** The handler over these parts. */
    public InvoiceIssuerHandler handler() {
        return new InvoiceIssuerHandler(batch());
    }
}
