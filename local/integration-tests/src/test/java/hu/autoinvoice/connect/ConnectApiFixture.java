package hu.autoinvoice.connect;

import static org.assertj.core.api.Assertions.assertThat;

import hu.autoinvoice.testing.TestKeys;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hu.autoinvoice.account.AccountStore;
import hu.autoinvoice.account.AgentKeyVault;
import hu.autoinvoice.account.KeyFingerprinter;
import hu.autoinvoice.agent.AgentHttpConfig;
import hu.autoinvoice.agent.AgentKey;
import hu.autoinvoice.agent.SzamlaAgentClient;
import hu.autoinvoice.aws.AppConfig;
import hu.autoinvoice.aws.AwsClients;
import hu.autoinvoice.issuer.InvoiceIssuerWiring;
import hu.autoinvoice.local.agent.AccountUpdate;
import hu.autoinvoice.local.agent.AgentSimulator;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** The real handler over the AWS stand-ins and the Agent simulator, plus helpers to look behind it. */
final class ConnectApiFixture implements AutoCloseable {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Budgets no test of other behaviour reaches: those make a dozen connects of one account in a moment (refusal
     * after refusal), more than the defaults allow. The budgets themselves: {@code TenantThrottleTest}, and the
     * contract's 429.
     */
    static final TenantThrottleSettings ROOMY = new TenantThrottleSettings(TenantThrottleSettings.DEFAULT_WINDOW, 1_000, 1_000);

    final AgentSimulator simulator;
    final AppConfig config;
    final AwsClients aws;
    final AccountStore store;
    final AgentKeyVault vault;
    final KeyFingerprinter fingerprinter;
    final ConnectApiHandler handler;

    ConnectApiFixture(AwsClients aws, AppConfig baseConfig, Reissuer reissuer) {
        this.simulator = AgentSimulator.start(0);
        this.aws = aws;
        this.config = baseConfig.withSzamlaAgentUrl(simulator.url());
        SzamlaAgentClient agent = SzamlaAgentClient.overHttp(AgentHttpConfig.defaults(simulator.url())
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(3)));
        this.handler = ConnectApiWiring.over(config, aws).withAgent(agent).withReissuer(reissuer)
                .withThrottling(ROOMY).handler();
        this.store = new AccountStore(aws.dynamoDb(), config.accountsTable());
        this.vault = new AgentKeyVault(aws.kms(), config.agentKeyKmsKeyId());
        this.fingerprinter = KeyFingerprinter.fromSecret(aws.secretsManager(), config.fingerprintPepperSecretId());
    }

    /** A fresh account id. */
    static String accountId() {
        return "acct-" + ProcessHandle.current().pid() + "-" + SEQUENCE.incrementAndGet() + "-" + Long.toString(System.nanoTime() % 100000, 36);
    }

    /** A fresh 42-character lowercase key (with the test-key marker), unknown to the simulator. */
    static String newKey() {
        return TestKeys.random();
    }

    /** A fresh key the simulator accepts (prefix TIX, e-invoices allowed). */
    String workingKey() {
        String key = newKey();
        simulator.putAccount(key, AccountUpdate.none().withPrefixes(List.of("TIX")).withEInvoice(true));
        return key;
    }

    APIGatewayV2HTTPResponse call(APIGatewayV2HTTPEvent event) {
        return handler.handle(event, null);
    }

    static JsonNode json(APIGatewayV2HTTPResponse response) {
        try {
            return JSON.readTree(response.getBody());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + response.getBody(), e);
        }
    }

    /** Runs one purchase message through the real issuer (the Lambda's wiring, this fixture's simulator): acknowledged. */
    void issue(String body) {
        SQSEvent batch = new SQSEvent();
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId("m-" + SEQUENCE.incrementAndGet());
        message.setBody(body);
        batch.setRecords(List.of(message));
        assertThat(InvoiceIssuerWiring.over(config, aws).handler().handle(batch, null).getBatchItemFailures())
                .as("acknowledged").isEmpty();
    }

    /** Every Agent request the simulator has seen, whatever the outcome. */
    long agentCalls() {
        var s = simulator.stats();
        return s.creates() + s.queries() + s.stornos() + s.previews() + s.pdfs()
                + s.receipts() + s.receiptStornos() + s.receiptQueries() + s.receiptEmails()
                + s.rejections().values().stream().mapToLong(Long::longValue).sum() + s.lostReplies() + s.downFaults();
    }

    String fingerprint(String key) {
        return fingerprinter.fingerprint(AgentKey.of(key));
    }

    @Override
    public void close() {
        simulator.close();
    }
}
