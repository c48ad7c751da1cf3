package hu.autoinvoice.connect;

import hu.autoinvoice.account.AccountStore;
import hu.autoinvoice.account.AgentKeyVault;
import hu.autoinvoice.account.KeyFingerprinter;
import hu.autoinvoice.agent.AgentHttpConfig;
import hu.autoinvoice.agent.HttpAgentTransport;
import hu.autoinvoice.agent.SzamlaAgentClient;
import hu.autoinvoice.aws.AppConfig;
import hu.autoinvoice.aws.AwsClients;
import hu.autoinvoice.ledger.InvoiceLedger;
import hu.autoinvoice.ledger.InvoiceRequeue;
import hu.autoinvoice.observability.MeteredAgentTransport;
import hu.autoinvoice.observability.Metrics;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The connect API's composition root: what one container is built from. {@link #fromEnvironment()} is what the
 * Lambda runs; {@link #over} plus the {@code with…} replacements is the one seam of the local runner and the tests.
 * The three functions' wirings have this shape. {@link #connector()} reads the fingerprint pepper from Secrets
 * Manager (once per container, at cold start).
 */
public record ConnectApiWiring(AppConfig config, AwsClients aws, SzamlaAgentClient agent, AuthSettings auth,
        TenantThrottleSettings throttling, Reissuer reissuer, Clock clock, Metrics metrics) {

    /** The {@code service} dimension of this function's metrics. */
    public static final String SERVICE = "connect-api";

    /** Per Agent call while connecting: the HTTP API gives the whole request 30 s, and a connect makes up to two calls. */
    public static final Duration AGENT_CONNECT_TIMEOUT = Duration.ofSeconds(3);
    public static final Duration AGENT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

    public ConnectApiWiring {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(aws, "aws");
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(throttling, "throttling");
        Objects.requireNonNull(reissuer, "reissuer");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(metrics, "metrics");
    }

    /**
     * The Lambda's parts: configuration and {@code AUTH_*} settings from the environment, the container's shared
     * clients, every Agent call timed and its error codes counted ({@link MeteredAgentTransport}, EMF on stdout).
     */
    public static ConnectApiWiring fromEnvironment() {
        AppConfig config = AppConfig.fromEnv();
        Metrics metrics = Metrics.forService(SERVICE);
        return over(config, AwsClients.shared())
                .withMetrics(metrics)
                .withAgent(new SzamlaAgentClient(new MeteredAgentTransport(new HttpAgentTransport(agentHttp(config)),
                        metrics)))
                .withAuth(AuthSettings.fromMap(System.getenv()))
                .withThrottling(TenantThrottleSettings.fromMap(System.getenv()));
    }

    /**
     * Over the given configuration and clients: the Agent over plain HTTP with this function's timeouts, the default
     * auth settings and request budgets, re-issue onto the configured queue ({@link InvoiceRequeue#reissue}), the system clock.
     */
    public static ConnectApiWiring over(AppConfig config, AwsClients aws) {
        InvoiceRequeue requeue = new InvoiceRequeue(aws.dynamoDb(), aws::sqs, config.invoicesTable(),
                config.invoiceQueueUrl());
        return new ConnectApiWiring(config, aws, SzamlaAgentClient.overHttp(agentHttp(config)), AuthSettings.defaults(),
                TenantThrottleSettings.defaults(), requeue::reissue, Clock.systemUTC(), Metrics.discarding(SERVICE));
    }

    /** This function's Agent HTTP settings. */
    public static AgentHttpConfig agentHttp(AppConfig config) {
        return AgentHttpConfig.defaults(config.szamlaAgentUrl()).withTimeouts(AGENT_CONNECT_TIMEOUT, AGENT_REQUEST_TIMEOUT);
    }

    public ConnectApiWiring withAgent(SzamlaAgentClient agent) {
        return new ConnectApiWiring(config, aws, agent, auth, throttling, reissuer, clock, metrics);
    }

    public ConnectApiWiring withAuth(AuthSettings auth) {
        return new ConnectApiWiring(config, aws, agent, auth, throttling, reissuer, clock, metrics);
    }

    public ConnectApiWiring withThrottling(TenantThrottleSettings throttling) {
        return new ConnectApiWiring(config, aws, agent, auth, throttling, reissuer, clock, metrics);
    }

    public ConnectApiWiring withClock(Clock clock) {
        return new ConnectApiWiring(config, aws, agent, auth, throttling, reissuer, clock, metrics);
    }

    /** Where the function's own metrics go (EMF on stdout in the Lambda; discarded by default). */
    public ConnectApiWiring withMetrics(Metrics metrics) {
        return new ConnectApiWiring(config, aws, agent, auth, throttling, reissuer, clock, metrics);
    }

    public ConnectApiWiring withReissuer(Reissuer reissuer) {
        return new ConnectApiWiring(config, aws, agent, auth, throttling, reissuer, clock, metrics);
    }

    /** The connect/status/disconnect/re-issue service over these parts (reads the fingerprint pepper). */
    public AccountConnector connector() {
        AccountStore store = new AccountStore(aws.dynamoDb(), config.accountsTable(), clock, AccountStore.DEFAULT_CLAIM_GRACE);
        AgentKeyVault vault = new AgentKeyVault(aws.kms(), config.agentKeyKmsKeyId());
        KeyFingerprinter fingerprinter = KeyFingerprinter.fromSecret(aws.secretsManager(), config.fingerprintPepperSecretId());
        return new AccountConnector(store, vault, fingerprinter, new LiveCheck(agent, clock),
                new OpenInvoices(aws.dynamoDb(), config.invoicesTable()), reissuer, clock);
    }

    /** The read of an account's invoices (the listing and one purchase). */
    public InvoiceBrowser invoices() {
        return new InvoiceBrowser(new InvoiceLedger(aws.dynamoDb(), config.invoicesTable()));
    }

    /** Issued invoices' PDFs, fetched from Számlázz.hu with the account's key. */
    public InvoicePdfs pdfs() {
        return new InvoicePdfs(new InvoiceLedger(aws.dynamoDb(), config.invoicesTable()),
                new AccountStore(aws.dynamoDb(), config.accountsTable()),
                new AgentKeyVault(aws.kms(), config.agentKeyKmsKeyId()), agent);
    }

    /** Who may call which account's routes. */
    public CallerAuthorizer authorizer() {
        return new CallerAuthorizer(auth);
    }

    /**
     * The per-account request budgets, counted in the accounts table (shared by every container; a new counter memory
     * per call: build it once per handler).
     */
    public TenantThrottle throttle() {
        return new TenantThrottle(aws.dynamoDb(), config.accountsTable(), throttling, clock, metrics);
    }

    /** The handler over these parts. */
    public ConnectApiHandler handler() {
        return new ConnectApiHandler(connector(), invoices(), pdfs(), authorizer(), throttle());
    }
}
