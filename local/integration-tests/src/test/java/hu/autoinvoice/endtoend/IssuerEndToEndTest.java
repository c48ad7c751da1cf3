package hu.autoinvoice.endtoend;

import hu.autoinvoice.local.runner.ChaosRun;
import hu.autoinvoice.local.runner.IssuerFixtures;
import hu.autoinvoice.local.runner.QueuePoller;
import static org.assertj.core.api.Assertions.assertThat;

import hu.autoinvoice.ledger.Reason;
import hu.autoinvoice.account.AccountStatus;
import hu.autoinvoice.account.AccountStore;
import hu.autoinvoice.agent.AgentAction;
import hu.autoinvoice.agent.AgentKey;
import hu.autoinvoice.aws.AppConfig;
import hu.autoinvoice.aws.AwsClients;
import hu.autoinvoice.ledger.InvoiceLedger;
import hu.autoinvoice.ledger.LedgerEntry;
import hu.autoinvoice.ledger.LedgerState;
import hu.autoinvoice.local.agent.AccountState;
import hu.autoinvoice.local.agent.AccountUpdate;
import hu.autoinvoice.local.agent.AgentSimulator;
import hu.autoinvoice.local.agent.AgentSimulatorExtension;
import hu.autoinvoice.local.agent.DocumentType;
import hu.autoinvoice.local.agent.Faults;
import hu.autoinvoice.local.agent.SimDocument;
import hu.autoinvoice.local.aws.LocalAwsExtension;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The issuer end to end: queue → local poller → real handler → simulator / ledger / DLQ. */
@ExtendWith({LocalAwsExtension.class, AgentSimulatorExtension.class})
class IssuerEndToEndTest {

    private static AgentSimulator sim;
    private final AwsClients clients;
    private final AppConfig base;

    IssuerEndToEndTest(AwsClients clients, AppConfig base) {
        this.clients = clients;
        this.base = base;
    }

    @BeforeAll
    static void simulator(AgentSimulator started, hu.autoinvoice.local.aws.LocalAws aws) {
        sim = started; // one per class, closed after it (AgentSimulatorExtension)
        bus = aws.eventBridge();
    }

    private static hu.autoinvoice.local.aws.FakeEventBridge bus;

    private IssuerHarness harness() {
        return new IssuerHarness(clients, base, sim);
    }

    private InvoiceLedger ledger(IssuerHarness h) {
        return new InvoiceLedger(clients.dynamoDb(), h.config.invoicesTable());
    }

    /**
     * Connects an account whose simulated Számlázz.hu account answers an equivalent re-send under a taken order number
     * with the existing invoice ({@code replay}, the vendor's behaviour) or with 152.
     */
    private static AgentKey connect(IssuerHarness h, String accountId, boolean replay) {
        AgentKey key = h.connect(accountId);
        sim.putAccount(key.reveal(), AccountUpdate.none().withOrderNumberReplay(replay));
        return key;
    }

    private static List<SimDocument> invoices(String accountId, String purchaseId) {
        return sim.documentsByExternalId("ai:" + accountId + ":" + purchaseId).stream()
                .filter(d -> d.type() == DocumentType.SZ).toList();
    }

    @Test
    void happyPathIsExactlyOneAgentCall() {
        IssuerHarness h = harness();
        String acc = IssuerHarness.id("acc");
        h.connect(acc);
        h.send(IssuerFixtures.paid(acc, "P-1", 2, 24990));
        h.drain();
        assertThat(h.totalCalls()).isEqualTo(1);
        assertThat(h.calls(AgentAction.CREATE_INVOICE)).isEqualTo(1);
        LedgerEntry e = ledger(h).find(acc, "P-1").orElseThrow();
        assertThat(e.state()).isEqualTo(LedgerState.ISSUED);
        assertThat(e.sends()).isEqualTo(1);
        assertThat(e.invoiceNumber()).contains(invoices(acc, "P-1").get(0).number());
    }

    @Test
    void samePurchaseTwiceInOneBatchAndAgainLaterGivesOneInvoice() {
        IssuerHarness h = harness();
        String acc = IssuerHarness.id("acc");
        h.connect(acc);
        String body = IssuerFixtures.paid(acc, "P-dup", 1, 5000);
        h.send(body, body, body);
        h.drain();
        h.send(body);
        h.drain();
        assertThat(invoices(acc, "P-dup")).hasSize(1);
        assertThat(h.calls(AgentAction.CREATE_INVOICE)).isEqualTo(1);
        assertThat(ledger(h).find(acc, "P-dup").orElseThrow().state()).isEqualTo(LedgerState.ISSUED);
    }

    @Test
    void samePurchaseInTwoConcurrentBatchesGivesOneInvoice() throws Exception {
        IssuerHarness h = harness();
        String acc = IssuerHarness.id("acc");
        h.connect(acc);
        String body = IssuerFixtures.paid(acc, "P-conc", 1, 7000);
        for (int i = 0; i < 6; i++) {
            h.send(body);
        }
        QueuePoller second = new QueuePoller(clients.sqs(), h.queues.queueUrl(), h.queues.queueArn(), h.handler);
        var a = CompletableFuture.runAsync(() -> h.poller.pollOnce(1));
        var b = CompletableFuture.runAsync(() -> second.pollOnce(1));
        CompletableFuture.allOf(a, b).get();
        h.drain();
        assertThat(invoices(acc, "P-conc")).hasSize(1);
        assertThat(h.calls(AgentAction.CREATE_INVOICE)).isEqualTo(1);
    }

    /** Creates an invoice for {@code purchaseId}'s order number outside Autoinvoice (another external id). */
    private static String issuedElsewhere(AgentKey key, String accountId, String purchaseId, int unitPrice) {
        var parsed = (hu.autoinvoice.invoice.ParseResult.Valid) hu.autoinvoice.invoice.PurchaseMessages.parse(
                IssuerFixtures.paid(accountId, purchaseId, 1, unitPrice));
        var draft = ((hu.autoinvoice.invoice.DraftResult.Computed) hu.autoinvoice.invoice.InvoiceCalculator.draft(
                (hu.autoinvoice.invoice.PurchasePaid) parsed.message())).draft().withExternalId("manual:" + purchaseId);
        var client = hu.autoinvoice.agent.SzamlaAgentClient.overHttp(hu.autoinvoice.agent.AgentHttpConfig.defaults(sim.url()));
        var created = client.createInvoice(key, new hu.autoinvoice.invoice.InvoiceSettings(false, java.util.Optional.empty()), draft);
        return ((hu.autoinvoice.agent.AgentResult.Ok<hu.autoinvoice.agent.IssuedDocument>) created).value().invoiceNumber();
    }

    /**
     * The vendor answers an equivalent create under a taken order number with the existing invoice (replay), or, with
     * replay off, refuses it with 152 and the order number query finds it: adopted either way.
     */
    @ParameterizedTest(name = "replay {0}")
    @ValueSource(booleans = {true, false})
    void aDuplicateOrderNumberHoldingThisPurchasesInvoiceIsAdoptedNotIssuedAgain(boolean replay) {
        IssuerHarness h = harness();
        String acc = IssuerHarness.id("acc");
        AgentKey key = connect(h, acc, replay);
        String p = IssuerHarness.id("P-order");
        String existing = issuedElsewhere(key, acc, p, 24990);

        h.send(IssuerFixtures.paid(acc, p, 1, 24990));
        h.drain();

        assertThat(sim.documentsByOrderNumber(p)).hasSize(1);
        assertThat(h.calls(AgentAction.CREATE_INVOICE))
                .as(replay ? "one create, answered with the existing invoice" : "one create, refused with 152")
                .isEqualTo(1);
        assertThat(h.calls(AgentAction.QUERY_INVOICE)).as(replay ? "nothing to look up" : "one query by order number")
                .isEqualTo(replay ? 0 : 1);
        LedgerEntry e = ledger(h).find(acc, p).orElseThrow();
        assertThat(e.state()).isEqualTo(LedgerState.ISSUED);
        assertThat(e.invoiceNumber()).contains(existing);
        assertThat(h.dlq()).isEmpty();
    }

    @Test
    void aDuplicateOrderNumberHoldingAnotherAmountIsDeadLetteredForAPerson() {
        IssuerHarness h = harness();
        String acc = IssuerHarness.id("acc");
        AgentKey key = h.connect(acc);
        issuedElsewhere(key, acc, "P-taken", 10000);

        h.send(IssuerFixtures.paid(acc, "P-taken", 1, 24990));
        h.drain();

        assertThat(sim.documentsByOrderNumber("P-taken")).hasSize(1);
        assertThat(h.calls(AgentAction.CREATE_INVOICE)).isEqualTo(1);
        LedgerEntry e = ledger(h).find(acc, "P-taken").orElseThrow();
        assertThat(e.state()).isEqualTo(LedgerState.FAILED);
        assertThat(e.invoiceNumber()).isEmpty();
        assertThat(h.dlq()).singleElement().satisfies(m -> {
            assertThat(m.messageAttributes().get("reason").stringValue()).isEqualTo("ORDER_NUMBER_TAKEN");
            assertThat(m.messageAttributes().get("error").stringValue()).contains("P-taken", "10000", "24990");
        });
    }

    @Test
    void lostReplyIsFoundByExternalIdOnRetry() {
        IssuerHarness h = harness();
        String acc = IssuerHarness.id("acc");
        h.connect(acc);
        AtomicBoolean first = new AtomicBoolean(true);
        h.loseReply = r -> r.action() == AgentAction.CREATE_INVOICE && first.getAndSet(false);
        h.send(IssuerFixtures.paid(acc, "P-lost", 1, 3000));
        h.drain();
        assertThat(invoices(acc, "P-lost")).hasSize(1);
        assertThat(h.calls(AgentAction.CREATE_INVOICE)).isEqualTo(1);
        assertThat(h.calls(AgentAction.QUERY_INVOICE)).isEqualTo(1);
        LedgerEntry e = ledger(h).find(acc, "P-lost").orElseThrow();
        assertThat(e.state()).isEqualTo(LedgerState.ISSUED);
        assertThat(e.invoiceNumber()).contains(invoices(acc, "P-lost").get(0).number());
    }

    /**
     * A create's reply is lost (the invoice is made); the next delivery's query by external id finds it, in both
     * order-number modes of the account: one invoice, its number on the ledger.
     */
    @ParameterizedTest(name = "replay {0}")
    @ValueSource(booleans = {true, false})
    void aLostCreateReplyIsRecoveredToOneInvoiceWithItsNumberOnTheLedger(boolean replay) {
        IssuerHarness h = harness();
        String acc = IssuerHarness.id("acc");
        connect(h, acc, replay);
        String p = IssuerHarness.id("P-lost");

        h.sendWithLostCreateReply(IssuerFixtures.paid(acc, p, 1, 3000));
        assertThat(ledger(h).find(acc, p).orElseThrow().state()).as("outcome unknown").isEqualTo(LedgerState.SENDING);
        h.drain();

        List<SimDocument> documents = sim.documentsByOrderNumber(p);
        assertThat(documents).singleElement().satisfies(d -> assertThat(d.type()).isEqualTo(DocumentType.SZ));
        assertThat(h.calls(AgentAction.CREATE_INVOICE)).as("found by the query, not sent again").isEqualTo(1);
        assertThat(h.calls(AgentAction.QUERY_INVOICE)).isEqualTo(1);
        LedgerEntry e = ledger(h).find(acc, p).orElseThrow();
        assertThat(e.state()).isEqualTo(LedgerState.ISSUED);
        assertThat(e.invoiceNumber()).contains(documents.getFirst().number());
        assertThat(h.dlq()).isEmpty();
    }

    /**
     * This purchase's invoice was already issued outside Autoinvoice under its order number (another external id),
     * and the reply to Autoinvoice's create is lost. With replay the lost answer was that invoice, and its external id
     * was not stored: the query by ours finds nothing, the create goes again and is answered with it once more.
     * Without replay the lost answer was 152 and so is the second; the order number query finds the invoice. Either
     * way: no second invoice, the existing number on the ledger.
     */
    @ParameterizedTest(name = "replay {0}")
    @ValueSource(booleans = {true, false})
    void aLostCreateReplyOverAnEquivalentInvoiceIssuedElsewhereRecordsThatInvoice(boolean replay) {
        IssuerHarness h = harness();
        String acc = IssuerHarness.id("acc");
        AgentKey key = connect(h, acc, replay);
        String p = IssuerHarness.id("P-elsewhere");
        String existing = issuedElsewhere(key, acc, p, 24990);
        long replaysBefore = sim.stats().replays();

        h.sendWithLostCreateReply(IssuerFixtures.paid(acc, p, 1, 24990));
        h.drain();

        assertThat(sim.documentsByOrderNumber(p)).singleElement()
                .satisfies(d -> assertThat(d.number()).isEqualTo(existing));
        assertThat(h.calls(AgentAction.CREATE_INVOICE)).as("the lost create and one more after the query").isEqualTo(2);
        assertThat(h.calls(AgentAction.QUERY_INVOICE)).as(replay ? "by external id" : "by external id, by order number")
                .isEqualTo(replay ? 1 : 2);
        assertThat(sim.stats().replays() - replaysBefore).isEqualTo(replay ? 2 : 0);
        LedgerEntry e = ledger(h).find(acc, p).orElseThrow();
        assertThat(e.state()).isEqualTo(LedgerState.ISSUED);
        assertThat(e.invoiceNumber()).contains(existing);
        assertThat(e.sends()).isEqualTo(2);
        assertThat(h.dlq()).isEmpty();
    }

    /** As above, the function killed after the Agent answered the create instead of the reply lost on the wire. */
    @ParameterizedTest(name = "replay {0}")
    @ValueSource(booleans = {true, false})
    void handlerKilledAfterACreateOverAnEquivalentInvoiceIssuedElsewhereRecordsThatInvoice(boolean replay) {
        IssuerHarness h = harness();
        h.crashAfterCreate = r -> true;
        String acc = IssuerHarness.id("acc");
        AgentKey key = connect(h, acc, replay);
        String p = IssuerHarness.id("P-kill-elsewhere");
        String existing = issuedElsewhere(key, acc, p, 24990);

        h.send(IssuerFixtures.paid(acc, p, 1, 24990));
        h.drain();

        assertThat(sim.documentsByOrderNumber(p)).singleElement()
                .satisfies(d -> assertThat(d.number()).isEqualTo(existing));
        assertThat(h.calls(AgentAction.CREATE_INVOICE)).isEqualTo(2);
        assertThat(h.calls(AgentAction.QUERY_INVOICE)).as(replay ? "by external id" : "by external id, by order number")
                .isEqualTo(replay ? 1 : 2);
        LedgerEntry e = ledger(h).find(acc, p).orElseThrow();
        assertThat(e.state()).isEqualTo(LedgerState.ISSUED);
        assertThat(e.invoiceNumber()).contains(existing);
        assertThat(h.dlq()).isEmpty();
    }

    @Test
    void handlerKilledBetweenReplyAndLedgerWriteDoesNotDuplicate() {
        IssuerHarness h = harness();
        h.crashAfterCreate = r -> true;
        String acc = IssuerHarness.id("acc");
        h.connect(acc);
        h.send(IssuerFixtures.paid(acc, "P-kill", 1, 3000));
        h.drain();
        assertThat(invoices(acc, "P-kill")).hasSize(1);
        assertThat(h.calls(AgentAction.CREATE_INVOICE)).isEqualTo(1);
        assertThat(ledger(h).find(acc, "P-kill").orElseThrow().state()).isEqualTo(LedgerState.ISSUED);
    }

    @Test
    void poisonGoesToTheDlqWithReasonAndIsNotRetried() {
        IssuerHarness h = harness();
        h.send("{not json", "{\"type\":\"purchase.paid\",\"version\":2}");
        h.drain();
        var dead = h.dlq();
        assertThat(dead).hasSize(2);
        assertThat(dead).allSatisfy(m -> {
            assertThat(m.messageAttributes().get("reason").stringValue()).isEqualTo("INVALID_MESSAGE");
            assertThat(m.messageAttributes().get("error").stringValue()).isNotBlank();
        });
        assertThat(h.totalCalls()).isZero();
    }

    @Test
    void agentDataErrorFailsTheItemDeadLettersItWithTheCodeAndIsNotRetried() {
        IssuerHarness h = harness();
        String acc = IssuerHarness.id("acc");
        h.connect(acc);
        long dataErrorsBefore = sim.stats().dataErrorFaults();
        sim.setFaults(Faults.none().withDataErrorRate(1.0));
        try {
            h.send(IssuerFixtures.paid(acc, "P-data", 1, 3000));
            h.drain();
        } finally {
            sim.setFaults(Faults.none());
        }
        LedgerEntry e = ledger(h).find(acc, "P-data").orElseThrow();
        assertThat(e.state()).isEqualTo(LedgerState.FAILED);
        assertThat(e.sends()).isEqualTo(1);
        assertThat(e.invoiceNumber()).isEmpty();
        assertThat(h.calls(AgentAction.CREATE_INVOICE)).as("acknowledged, never retried").isEqualTo(1);
        assertThat(h.totalCalls()).isEqualTo(1);
        assertThat(sim.stats().dataErrorFaults()).isEqualTo(dataErrorsBefore + 1);
        assertThat(invoices(acc, "P-data")).isEmpty();
        var dead = h.dlq();
        assertThat(dead).singleElement().satisfies(m -> {
            assertThat(m.messageAttributes().get("reason").stringValue()).isEqualTo("AGENT_DATA_ERROR");
            assertThat(m.messageAttributes().get("error").stringValue()).startsWith("57");
            assertThat(m.messageAttributes().get("purchaseId").stringValue()).isEqualTo("P-data");
            assertThat(m.body()).contains("\"purchaseId\":\"P-data\"");
        });
        // the account is not blamed for a data error
        var store = new AccountStore(clients.dynamoDb(), h.config.accountsTable());
        assertThat(store.find(acc).orElseThrow().status()).isEqualTo(AccountStatus.HEALTHY);
    }

    @Test
    void blockedAccountParksMarksTheAccountAndStopsCalling() {
        IssuerHarness h = harness();
        String acc = IssuerHarness.id("acc");
        AgentKey key = h.connect(acc);
        sim.putAccount(key.reveal(), AccountUpdate.none().withState(AccountState.BLOCKED));
        h.send(IssuerFixtures.paid(acc, "P-b1", 1, 3000));
        h.drain();
        h.send(IssuerFixtures.paid(acc, "P-b2", 1, 3000), IssuerFixtures.paid(acc, "P-b3", 1, 3000));
        h.drain();
        assertThat(h.totalCalls()).isEqualTo(1);
        var store = new AccountStore(clients.dynamoDb(), h.config.accountsTable());
        assertThat(store.find(acc).orElseThrow().status()).isEqualTo(AccountStatus.ACCOUNT_BLOCKED);
        for (String p : List.of("P-b1", "P-b2", "P-b3")) {
            assertThat(ledger(h).find(acc, p).orElseThrow().state()).isEqualTo(LedgerState.PARKED);
        }
        // recovery: unblock, mark healthy, re-enqueue the parked items → each issued once
        sim.putAccount(key.reveal(), AccountUpdate.none().withState(AccountState.OK));
        store.changeStatus(store.find(acc).orElseThrow(), AccountStatus.HEALTHY, "ok", java.time.Instant.now());
        int requeued = new hu.autoinvoice.ledger.InvoiceRequeue(clients.dynamoDb(), clients.sqs(),
                h.config.invoicesTable(), h.queues.queueUrl()).requeue(acc, java.util.Set.of(LedgerState.PARKED));
        assertThat(requeued).isEqualTo(3);
        h.drain();
        for (String p : List.of("P-b1", "P-b2", "P-b3")) {
            assertThat(invoices(acc, p)).hasSize(1);
            assertThat(ledger(h).find(acc, p).orElseThrow().state()).isEqualTo(LedgerState.ISSUED);
        }
    }

    @Test
    void notConnectedAccountParksWithoutAnyCall() {
        IssuerHarness h = harness();
        String acc = IssuerHarness.id("nobody");
        h.send(IssuerFixtures.paid(acc, "P-n", 1, 3000));
        h.drain();
        LedgerEntry e = ledger(h).find(acc, "P-n").orElseThrow();
        assertThat(e.state()).isEqualTo(LedgerState.PARKED);
        assertThat(e.reason()).contains(Reason.ACCOUNT_NOT_CONNECTED);
        assertThat(h.totalCalls()).isZero();
    }

    @Test
    void sendBudgetEndsAfterFiveCreatesWithDlqReason() {
        IssuerHarness h = harness();
        String acc = IssuerHarness.id("acc");
        h.connect(acc);
        h.failBeforeSending = r -> r.action() == AgentAction.CREATE_INVOICE;
        h.send(IssuerFixtures.paid(acc, "P-budget", 1, 3000));
        h.drain();
        LedgerEntry e = ledger(h).find(acc, "P-budget").orElseThrow();
        assertThat(e.state()).isEqualTo(LedgerState.FAILED);
        assertThat(e.sends()).isEqualTo(5);
        assertThat(h.calls(AgentAction.CREATE_INVOICE)).isEqualTo(5);
        assertThat(h.calls(AgentAction.QUERY_INVOICE)).isEqualTo(5);
        var dead = h.dlq();
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).messageAttributes().get("reason").stringValue()).isEqualTo("SEND_BUDGET_EXHAUSTED");
        // a redrive of the exhausted message makes no further create
        h.send(dead.get(0).body());
        h.drain();
        assertThat(h.calls(AgentAction.CREATE_INVOICE)).isEqualTo(5);
    }

    @Test
    void refundAfterIssueReversesOnceAndRepeatedRefundIsADuplicate() {
        IssuerHarness h = harness();
        String acc = IssuerHarness.id("acc");
        h.connect(acc);
        h.send(IssuerFixtures.paid(acc, "P-r", 1, 3000));
        h.drain();
        h.send(IssuerFixtures.refunded(acc, "P-r"));
        h.drain();
        h.send(IssuerFixtures.refunded(acc, "P-r"));
        h.drain();
        LedgerEntry e = ledger(h).find(acc, "P-r").orElseThrow();
        assertThat(e.state()).isEqualTo(LedgerState.REVERSED);
        assertThat(h.calls(AgentAction.REVERSE_INVOICE)).isEqualTo(1);
        var stornos = sim.documentsByOrderNumber("P-r").stream()
                .filter(d -> d.type() == DocumentType.SS && e.invoiceNumber().get().equals(d.reverses())).toList();
        assertThat(stornos).hasSize(1);
        assertThat(e.stornoNumber()).contains(stornos.get(0).number());
    }

    @Test
    void refundBeforeTheInvoiceIsReversedRightAfterIssuing() {
        IssuerHarness h = harness();
        String acc = IssuerHarness.id("acc");
        h.connect(acc);
        h.send(IssuerFixtures.refunded(acc, "P-early"));
        h.drain();
        assertThat(ledger(h).find(acc, "P-early").orElseThrow().state()).isEqualTo(LedgerState.PARKED);
        assertThat(h.totalCalls()).isZero();
        h.send(IssuerFixtures.paid(acc, "P-early", 1, 3000));
        h.drain();
        LedgerEntry e = ledger(h).find(acc, "P-early").orElseThrow();
        assertThat(e.state()).isEqualTo(LedgerState.REVERSED);
        assertThat(invoices(acc, "P-early")).hasSize(1);
        assertThat(h.calls(AgentAction.CREATE_INVOICE)).isEqualTo(1);
        assertThat(h.calls(AgentAction.REVERSE_INVOICE)).isEqualTo(1);
    }

    @Test
    void dlqRedriveWithStartMessageMoveTaskIsProcessedOnce() {
        IssuerHarness h = harness();
        String acc = IssuerHarness.id("acc");
        h.connect(acc);
        String body = IssuerFixtures.paid(acc, "P-redrive", 1, 3000);
        // as if SQS had dead-lettered it (twice, e.g. also redriven before)
        clients.sqs().sendMessage(b -> b.queueUrl(h.queues.dlqUrl()).messageBody(body));
        clients.sqs().sendMessage(b -> b.queueUrl(h.queues.dlqUrl()).messageBody(body));
        clients.sqs().startMessageMoveTask(b -> b.sourceArn(h.queues.dlqArn()));
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(20);
        while (invoices(acc, "P-redrive").isEmpty() && java.time.Instant.now().isBefore(deadline)) {
            h.drain();
        }
        h.drain();
        assertThat(invoices(acc, "P-redrive")).hasSize(1);
        assertThat(h.calls(AgentAction.CREATE_INVOICE)).isEqualTo(1);
    }

    @Test
    void decryptedKeysAreCachedPerStoredCiphertext(hu.autoinvoice.local.aws.LocalAws aws) {
        java.util.concurrent.atomic.AtomicInteger decrypts = new java.util.concurrent.atomic.AtomicInteger();
        var kms = aws.kmsClientBuilder().overrideConfiguration(c -> c.addExecutionInterceptor(
                new software.amazon.awssdk.core.interceptor.ExecutionInterceptor() {
                    @Override
                    public void beforeExecution(software.amazon.awssdk.core.interceptor.Context.BeforeExecution context,
                            software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
                        if (context.request() instanceof software.amazon.awssdk.services.kms.model.DecryptRequest) {
                            decrypts.incrementAndGet();
                        }
                    }
                })).build();
        AwsClients counting = AwsClients.of(clients.dynamoDb(), clients.sqs(), kms, clients.secretsManager(),
                clients.eventBridge());
        IssuerHarness h = new IssuerHarness(counting, base, sim);
        String acc = IssuerHarness.id("acc");
        var key = h.connect(acc);
        for (int i = 0; i < 20; i++) {
            h.send(IssuerFixtures.paid(acc, "P-k" + i, 1, 1000 + i));
        }
        h.drain();
        assertThat(h.calls(AgentAction.CREATE_INVOICE)).isEqualTo(20);
        assertThat(decrypts.get()).isEqualTo(1); // 20 invoices, one KMS call: 0.05 per invoice
        // a write that keeps the key (the probe records every run: status, probe time) keeps the cached key
        var store = new AccountStore(clients.dynamoDb(), h.config.accountsTable());
        store.changeStatus(store.find(acc).orElseThrow(), AccountStatus.HEALTHY, "probed", java.time.Instant.now());
        h.send(IssuerFixtures.paid(acc, "P-k-probed", 1, 998));
        h.drain();
        assertThat(decrypts.get()).isEqualTo(1);
        // a reconnect stores a new ciphertext: the key is decrypted again
        var current = store.find(acc).orElseThrow();
        var reconnected = new hu.autoinvoice.account.Account(acc,
                new hu.autoinvoice.account.AgentKeyVault(clients.kms(), h.config.agentKeyKmsKeyId()).encrypt(acc, key),
                current.keyHint(), current.keyFingerprint(), current.eInvoice(), current.invoicePrefix(),
                AccountStatus.HEALTHY, "reconnected", java.time.Instant.now(), current.lastProbeAt(),
                java.time.Instant.now(), current.backfilledSince(), current.version());
        store.save(reconnected, java.util.OptionalLong.of(current.version()));
        h.send(IssuerFixtures.paid(acc, "P-k-after", 1, 999));
        h.drain();
        assertThat(decrypts.get()).isEqualTo(2);
        assertThat(h.calls(AgentAction.CREATE_INVOICE)).isEqualTo(22);
    }

    @Test
    void aRefundThatWouldOverflowTheLedgerItemGoesToTheDlqWithItsReasonNotIntoRetries() {
        IssuerHarness h = harness();
        String acc = IssuerHarness.id("big");
        h.connect(acc);
        String p = "P-big-" + java.util.UUID.randomUUID().toString().substring(0, 6);
        // both messages valid and within SQS's 256 KB (JSON may carry whitespace); together over DynamoDB's 400 KB
        h.send(padded(IssuerFixtures.paid(acc, p, 1, 4990), 250_000));
        h.drain();
        assertThat(ledger(h).find(acc, p).orElseThrow().state()).isEqualTo(LedgerState.ISSUED);
        h.send(padded(IssuerFixtures.refunded(acc, p), 250_000));
        h.drain();

        assertThat(h.dlq()).singleElement().satisfies(m ->
                assertThat(m.messageAttributes().get("reason").stringValue()).isEqualTo(Reason.LEDGER_ITEM_TOO_LARGE.name()));
        assertThat(h.calls(AgentAction.REVERSE_INVOICE)).as("nothing reversed behind the ledger's back").isZero();
        assertThat(ledger(h).find(acc, p).orElseThrow().state()).isEqualTo(LedgerState.ISSUED);
    }

    /** {@code json} grown to {@code size} characters with whitespace before its closing brace: the same message. */
    private static String padded(String json, int size) {
        String trimmed = json.strip();
        return trimmed.substring(0, trimmed.length() - 1) + " ".repeat(size - trimmed.length()) + "}";
    }

    @Test
    void chaosRunSmall() throws Exception {
        var report = ChaosRun.run(clients, base, sim, bus, new ChaosRun.Options(120, 11, 3), System.err);
        System.err.println(report.line());
        assertThat(report.duplicates()).isZero();
        assertThat(report.lost()).isZero();
        assertThat(report.maxSends()).isLessThanOrEqualTo(5);
        assertThat(report.issued() + report.parked() + report.dlq()).isEqualTo(120);
        assertThat(report.refunds()).as("the seed refunds some purchases").isPositive();
        // every refund of an invoiced purchase reversed exactly once (a purchase dead-lettered has nothing to reverse)
        assertThat(report.reversed()).isLessThanOrEqualTo(report.refunds())
                .isGreaterThanOrEqualTo(report.refunds() - report.dlq());
        assertThat(report.unreversed()).isZero();
        assertThat(report.stuck()).as("every ledger item final after the run settles").isZero();
        assertThat(report.eventsMissing()).as("every outcome on the ledger has its event on the bus").isZero();
        assertThat(report.ok()).isTrue();
    }

    /**
     * Issue 14's proof at a small size: amendments (partial refunds, buyer corrections, some out of order, some twice,
     * some before their purchase) beside refunds, crashes and an outage; every purchase ends with exactly one live
     * invoice for its newest revision (or none when refunded), every replaced invoice reversed once.
     */
    @Test
    void chaosRunWithAmendments() throws Exception {
        var report = ChaosRun.run(clients, base, sim, bus, new ChaosRun.Options(120, 13, 3).withAmendments(0.4), System.err);
        System.err.println(report.line());
        assertThat(report.amended()).as("the seed amends some purchases").isGreaterThan(20);
        assertThat(report.replaced()).as("some invoices were replaced by a later revision's").isPositive();
        assertThat(report.mismatched()).as("exactly one live invoice per purchase, its newest revision's").isZero();
        assertEveryGuarantee(report);
    }

    /**
     * Issue 18's proof at a small size: half the accounts on receipts (with amendments, some turning the buyer into a
     * company, which then gets an invoice), beside refunds, crashes, lost replies and an outage; every guarantee the
     * run holds for invoices holds for receipts: one live document per purchase of the kind its account and buyer call
     * for, each reversed at most once, nothing lost or stuck.
     */
    @Test
    void chaosRunWithReceipts() throws Exception {
        var report = ChaosRun.run(clients, base, sim, bus,
                new ChaosRun.Options(120, 17, 4).withAmendments(0.2).withReceipts(0.5), System.err);
        System.err.println(report.line());
        assertThat(report.receipts()).as("receipt accounts' purchases got receipts").isGreaterThan(30);
        assertThat(report.issued() - report.receipts()).as("and the others invoices").isGreaterThan(30);
        assertThat(report.mismatched()).as("one live document per purchase, of the right kind").isZero();
        assertEveryGuarantee(report);
    }

    /** What every chaos run must hold, whatever else it varies. */
    private static void assertEveryGuarantee(ChaosRun.Report report) {
        assertThat(report.duplicates()).isZero();
        assertThat(report.unreversed()).isZero();
        assertThat(report.lost()).isZero();
        assertThat(report.stuck()).isZero();
        assertThat(report.maxSends()).isLessThanOrEqualTo(5);
        assertThat(report.ok()).isTrue();
    }
}
