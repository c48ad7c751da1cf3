package hu.autoinvoice.connect;

import hu.autoinvoice.account.AccountStore;
import hu.autoinvoice.account.AgentKeyVault;
import hu.autoinvoice.account.KeyFingerprinter;
import hu.autoinvoice.agent.AgentHttpConfig;
import hu.autoinvoice.agent.HttpAgentTransport;
import hu.autoinvoice.agent.SzamlaAgentClient;
import hu.autoinvoice.aws.AppConfig;
import hu.autoinvoice.aws.AwsClients;
import hu.autoinvoice.ledger.InvoiceRequeue;
import hu.autoinvoice.observability.MeteredAgentTransport;
import hu.autoinvoice.observability.Metrics;
import java.time.Clock;
import java.time.Duration;

/**
 * The connect API's composition root: builds the handler's collaborators once per container. The fingerprint
 * pepper is read from Secrets Manager here, at cold start.
 *
 * <p>Re-issue is routed to a {@link Reissuer}; {@link #fromEnvironment()} uses {@link Reissuer#NOT_WIRED} (501)
 * until the ledger's re-enqueue code is wired in.
 */
public final class ConnectApiWiring {

    /** The {@code service} dimension of this function's metrics. */
    public static final String SERVICE = "connect-api";

    /** Per Agent call while connecting: the HTTP API gives the whole request 30 s, and a connect makes up to two calls. */
    public static final Duration AGENT_CONNECT_TIMEOUT = Duration.ofSeconds(3);
    public static final Duration AGENT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private ConnectApiWiring() {
    }

    /** What the handler needs. */
    public record Parts(AccountConnector connector, CallerAuthorizer authorizer) {}

    /** From the Lambda environment ({@link AppConfig#fromEnv()}, {@link AwsClients#shared()}, {@code AUTH_*}). */
    public static Parts fromEnvironment() {
        AppConfig config = AppConfig.fromEnv();
        // every Agent call is timed and its error codes counted (EMF on stdout)
        SzamlaAgentClient agent = new SzamlaAgentClient(new MeteredAgentTransport(new HttpAgentTransport(
                AgentHttpConfig.defaults(config.szamlaAgentUrl()).withTimeouts(AGENT_CONNECT_TIMEOUT, AGENT_REQUEST_TIMEOUT)),
                Metrics.forService(SERVICE)));
        AwsClients aws = AwsClients.shared();
        InvoiceRequeue requeue = new InvoiceRequeue(aws.dynamoDb(), aws::sqs, config.invoicesTable(),
                config.invoiceQueueUrl());
        return parts(config, aws, agent, AuthSettings.fromMap(System.getenv()), requeue::reissue, Clock.systemUTC());
    }

    /** The collaborators over the given clients. */
    public static Parts parts(AppConfig config, AwsClients aws, SzamlaAgentClient agent, AuthSettings auth,
            Reissuer reissuer, Clock clock) {
        AccountStore store = new AccountStore(aws.dynamoDb(), config.accountsTable(), clock, AccountStore.DEFAULT_CLAIM_GRACE);
        AgentKeyVault vault = new AgentKeyVault(aws.kms(), config.agentKeyKmsKeyId());
        KeyFingerprinter fingerprinter = KeyFingerprinter.fromSecret(aws.secretsManager(), config.fingerprintPepperSecretId());
        AccountConnector connector = new AccountConnector(store, vault, fingerprinter, new LiveCheck(agent, clock),
                new OpenInvoices(aws.dynamoDb(), config.invoicesTable()), reissuer, clock);
        return new Parts(connector, new CallerAuthorizer(auth));
    }

    /** A handler over the given clients (tests, the local runner). */
    public static ConnectApiHandler handler(AppConfig config, AwsClients aws, SzamlaAgentClient agent, AuthSettings auth,
            Reissuer reissuer, Clock clock) {
        Parts p = parts(config, aws, agent, auth, reissuer, clock);
        return new ConnectApiHandler(p.connector(), p.authorizer());
    }
}
