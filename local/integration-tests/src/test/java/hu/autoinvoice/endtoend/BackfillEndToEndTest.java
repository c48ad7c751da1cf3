package hu.autoinvoice.endtoend;

import hu.autoinvoice.local.runner.IssuerFixtures;
import hu.autoinvoice.local.runner.ProbeComponent;
import static org.assertj.core.api.Assertions.assertThat;

import hu.autoinvoice.testing.TestKeys;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import hu.autoinvoice.account.Account;
import hu.autoinvoice.account.AccountStatus;
import hu.autoinvoice.account.AccountStore;
import hu.autoinvoice.agent.AgentAction;
import hu.autoinvoice.agent.AgentHttpConfig;
import hu.autoinvoice.agent.AgentKey;
import hu.autoinvoice.agent.SzamlaAgentClient;
import hu.autoinvoice.aws.AppConfig;
import hu.autoinvoice.aws.AwsClients;
import hu.autoinvoice.connect.ConnectApiHandler;
import hu.autoinvoice.connect.ConnectApiWiring;
import hu.autoinvoice.ledger.InvoiceLedger;
import hu.autoinvoice.ledger.InvoiceRequeue;
import hu.autoinvoice.ledger.LedgerState;
import hu.autoinvoice.local.agent.AccountState;
import hu.autoinvoice.local.agent.AccountUpdate;
import hu.autoinvoice.local.agent.AgentSimulator;
import hu.autoinvoice.local.agent.AgentSimulatorExtension;
import hu.autoinvoice.local.agent.DocumentType;
import hu.autoinvoice.local.agent.SimDocument;
import hu.autoinvoice.local.aws.LocalAwsExtension;
import hu.autoinvoice.probe.HealthProbe;
import hu.autoinvoice.probe.HealthProbeWiring;
import hu.autoinvoice.probe.ProbeReport;
import hu.autoinvoice.aws.TimeBudget;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 6 end to end: an account goes bad while purchases arrive (the issuer parks them and marks the account), it
 * recovers (in the simulator, or by a reconnect through the connect API handler), the real health probe
 * ({@link HealthProbeHandler#compose} with {@link InvoiceRequeue#backfill}, as the Lambda and {@code make run}
 * build it) turns it healthy and re-enqueues the parked items once, and the poller + real issuer issue each exactly
 * once. Each test has its own accounts table (the probe scans the whole table) and its own queue pair.
 */
@ExtendWith({LocalAwsExtension.class, AgentSimulatorExtension.class})
class BackfillEndToEndTest {

    private static final int PURCHASES = 4;
    private static AgentSimulator sim;
    private final AwsClients clients;
    private final IssuerHarness h;
    private final AccountStore accounts;
    private final InvoiceLedger ledger;
    private final HealthProbe probe;

    BackfillEndToEndTest(AwsClients clients, AppConfig base) {
        this.clients = clients;
        this.h = IssuerHarness.withOwnAccountsTable(clients, base, sim, "backfill");
        this.accounts = new AccountStore(clients.dynamoDb(), h.config.accountsTable());
        this.ledger = new InvoiceLedger(clients.dynamoDb(), h.config.invoicesTable());
        InvoiceRequeue requeue = new InvoiceRequeue(clients.dynamoDb(), clients.sqs(), h.config.invoicesTable(),
                h.queues.queueUrl());
        this.probe = HealthProbeWiring.over(h.config, clients).withBackfill(requeue::backfill).probe();
    }

    @BeforeAll
    static void simulator(AgentSimulator started) {
        sim = started; // one per class, closed after it (AgentSimulatorExtension)
    }

    @Test
    void blockedAccountRecoversAndTheProbeBackfillsEveryParkedPurchaseOnce() {
        String acc = IssuerHarness.id("blocked");
        AgentKey key = h.connect(acc);
        List<String> purchases = purchaseIds("B");

        sim.putAccount(key.reveal(), AccountUpdate.none().withState(AccountState.BLOCKED));
        sendOneThenTheRest(acc, purchases, 1, 4990);

        assertThat(accounts.find(acc).orElseThrow().status()).isEqualTo(AccountStatus.ACCOUNT_BLOCKED);
        assertAllParked(acc, purchases);
        assertThat(h.calls(AgentAction.CREATE_INVOICE)).as("one create meets 136, the rest park without a call")
                .isEqualTo(1);

        ProbeReport stillBlocked = runProbe();
        assertThat(stillBlocked.backfilled()).isZero();
        assertThat(accounts.find(acc).orElseThrow().status()).isEqualTo(AccountStatus.ACCOUNT_BLOCKED);

        sim.putAccount(key.reveal(), AccountUpdate.none().withState(AccountState.OK));
        ProbeReport recovered = runProbe();

        Account healthy = accounts.find(acc).orElseThrow();
        assertThat(healthy.status()).isEqualTo(AccountStatus.HEALTHY);
        assertThat(healthy.backfillDue()).as("the marker is set").isFalse();
        assertThat(recovered.changed()).isEqualTo(1);
        assertThat(recovered.backfilled()).isEqualTo(1);
        assertThat(queued()).as("each parked item re-enqueued once").isEqualTo(PURCHASES);

        h.drain();
        assertEachIssuedOnce(acc, purchases, key);
        assertThat(h.calls(AgentAction.CREATE_INVOICE)).isEqualTo(1 + PURCHASES);

        ProbeReport again = runProbe();
        assertThat(again.backfilled()).isZero();
        assertThat(queued()).as("a second run re-enqueues nothing").isZero();
        h.drain();
        assertThat(h.calls(AgentAction.CREATE_INVOICE)).isEqualTo(1 + PURCHASES);
        assertEachIssuedOnce(acc, purchases, key);
    }

    @Test
    void deletedKeyThenReconnectThroughTheConnectApiBackfillsEveryParkedPurchaseOnce() {
        ConnectApiHandler connectApi = ConnectApiWiring.over(h.config, clients)
                .withAgent(SzamlaAgentClient.overHttp(AgentHttpConfig.defaults(sim.url())
                        .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(3))))
                .withReissuer(new InvoiceRequeue(clients.dynamoDb(), clients.sqs(), h.config.invoicesTable(),
                        h.queues.queueUrl())::reissue)
                .handler();
        String acc = IssuerHarness.id("deleted");
        String oldKey = workingKey();
        assertThat(connect(connectApi, acc, oldKey).getStatusCode()).isEqualTo(200);
        runProbe(); // the connect's healthy period: nothing parked yet, the marker is set
        List<String> purchases = purchaseIds("D");

        sim.putAccount(oldKey, AccountUpdate.none().withState(AccountState.DELETED));
        sendOneThenTheRest(acc, purchases, 2, 2500);

        assertThat(accounts.find(acc).orElseThrow().status()).isEqualTo(AccountStatus.KEY_REJECTED);
        assertAllParked(acc, purchases);
        assertThat(h.calls(AgentAction.CREATE_INVOICE)).as("one create meets 3, the rest park without a call")
                .isEqualTo(1);
        ProbeReport stillRejected = runProbe();
        assertThat(stillRejected.backfilled()).isZero();
        assertThat(accounts.find(acc).orElseThrow().status()).isEqualTo(AccountStatus.KEY_REJECTED);
        assertThat(queued()).isZero();

        String newKey = workingKey();
        APIGatewayV2HTTPResponse reconnected = connect(connectApi, acc, newKey);
        assertThat(reconnected.getStatusCode()).as(reconnected.getBody()).isEqualTo(200);
        assertThat(reconnected.getBody()).contains("\"status\":\"HEALTHY\"").contains("\"parkedInvoices\":" + PURCHASES)
                .doesNotContain(newKey);
        assertThat(accounts.find(acc).orElseThrow().backfillDue()).isTrue();

        ProbeReport backfilled = runProbe();
        assertThat(backfilled.backfilled()).isEqualTo(1);
        assertThat(accounts.find(acc).orElseThrow().status()).isEqualTo(AccountStatus.HEALTHY);
        assertThat(queued()).isEqualTo(PURCHASES);

        h.drain();
        assertEachIssuedOnce(acc, purchases, AgentKey.of(newKey));
        assertThat(h.calls(AgentAction.CREATE_INVOICE)).isEqualTo(1 + PURCHASES);

        assertThat(runProbe().backfilled()).isZero();
        assertThat(queued()).isZero();
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private ProbeReport runProbe() {
        ProbeReport report = probe.run(TimeBudget.of(ProbeComponent.RUN_BUDGET));
        assertThat(report.completed()).isTrue();
        return report;
    }

    /**
     * The first purchase meets the account problem and marks the account; the rest arrive after it (in one batch
     * they could all be in flight before the mark, each spending a call).
     */
    private void sendOneThenTheRest(String acc, List<String> purchases, int quantity, int unitPrice) {
        h.send(IssuerFixtures.paid(acc, purchases.getFirst(), quantity, unitPrice));
        h.drain();
        purchases.stream().skip(1).forEach(p -> h.send(IssuerFixtures.paid(acc, p, quantity, unitPrice)));
        h.drain();
    }

    private static List<String> purchaseIds(String tag) {
        String run = UUID.randomUUID().toString().substring(0, 6);
        return IntStream.rangeClosed(1, PURCHASES).mapToObj(i -> "P-" + tag + run + "-" + i).toList();
    }

    private void assertAllParked(String acc, List<String> purchases) {
        for (String p : purchases) {
            assertThat(ledger.find(acc, p).orElseThrow().state()).as(p).isEqualTo(LedgerState.PARKED);
        }
        assertThat(waiting(h.queues.dlqUrl())).isZero();
    }

    private void assertEachIssuedOnce(String acc, List<String> purchases, AgentKey key) {
        for (String p : purchases) {
            List<SimDocument> documents = sim.documentsByOrderNumber(p);
            assertThat(documents).as(p).singleElement().satisfies(d -> {
                assertThat(d.type()).isEqualTo(DocumentType.SZ);
                assertThat(d.account()).endsWith(key.hint());
            });
            var entry = ledger.find(acc, p).orElseThrow();
            assertThat(entry.state()).isEqualTo(LedgerState.ISSUED);
            assertThat(entry.invoiceNumber()).contains(documents.getFirst().number());
        }
        assertThat(waiting(h.queues.dlqUrl())).isZero();
    }

    /** Messages waiting in the issuer's queue (visible or in flight). */
    private int queued() {
        return waiting(h.queues.queueUrl());
    }

    /** Messages in a queue, visible or in flight. */
    private int waiting(String queueUrl) {
        Map<String, String> a = clients.sqs().getQueueAttributes(b -> b.queueUrl(queueUrl)
                .attributeNamesWithStrings("ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"))
                .attributesAsStrings();
        return Integer.parseInt(a.get("ApproximateNumberOfMessages"))
                + Integer.parseInt(a.get("ApproximateNumberOfMessagesNotVisible"));
    }

    /** A fresh 42-character key the simulator accepts. */
    private static String workingKey() {
        String key = TestKeys.random();
        sim.putAccount(key, AccountUpdate.none());
        return key;
    }

    /** {@code PUT /accounts/{id}/szamlazz} as API Gateway hands it to the function, called by the organiser. */
    private static APIGatewayV2HTTPResponse connect(ConnectApiHandler handler, String accountId, String key) {
        String path = "/accounts/" + accountId + "/szamlazz";
        String routeKey = "PUT /accounts/{accountId}/szamlazz";
        APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(routeKey)
                .withRawPath(path)
                .withRawQueryString("")
                .withHeaders(Map.of("content-type", "application/json"))
                .withPathParameters(Map.of("accountId", accountId))
                .withBody("{\"agentKey\":\"" + key + "\",\"eInvoice\":false,\"invoicePrefix\":null}")
                .withIsBase64Encoded(false)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRouteKey(routeKey)
                        .withStage("$default")
                        .withRequestId(UUID.randomUUID().toString())
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("PUT").withPath(path)
                                .build())
                        .withAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                                .withJwt(APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT.builder()
                                        .withClaims(Map.of("sub", "organiser-" + accountId, "account_id", accountId))
                                        .build())
                                .build())
                        .build())
                .build();
        return handler.handle(event, null);
    }
}
