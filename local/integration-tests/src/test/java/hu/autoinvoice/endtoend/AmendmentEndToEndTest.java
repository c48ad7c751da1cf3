package hu.autoinvoice.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import hu.autoinvoice.account.AccountStatus;
import hu.autoinvoice.account.AccountStore;
import hu.autoinvoice.agent.AgentAction;
import hu.autoinvoice.agent.AgentKey;
import hu.autoinvoice.aws.AppConfig;
import hu.autoinvoice.aws.AwsClients;
import hu.autoinvoice.aws.TimeBudget;
import hu.autoinvoice.ledger.Cause;
import hu.autoinvoice.ledger.Claim;
import hu.autoinvoice.ledger.InvoiceLedger;
import hu.autoinvoice.ledger.PurchaseClaim;
import hu.autoinvoice.ledger.InvoiceRequeue;
import hu.autoinvoice.ledger.LedgerEntry;
import hu.autoinvoice.ledger.LedgerState;
import hu.autoinvoice.ledger.PurchaseHead;
import hu.autoinvoice.ledger.Reason;
import hu.autoinvoice.local.agent.AccountState;
import hu.autoinvoice.local.agent.AccountUpdate;
import hu.autoinvoice.local.agent.AgentSimulator;
import hu.autoinvoice.local.agent.AgentSimulatorExtension;
import hu.autoinvoice.local.agent.DocumentType;
import hu.autoinvoice.local.agent.SimDocument;
import hu.autoinvoice.local.aws.LocalAwsExtension;
import hu.autoinvoice.local.runner.IssuerFixtures;
import hu.autoinvoice.local.runner.ProbeComponent;
import hu.autoinvoice.probe.HealthProbe;
import hu.autoinvoice.probe.HealthProbeWiring;
import hu.autoinvoice.probe.ProbeReport;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Issue 14 end to end: {@code purchase.amended} through the queue, the real issuer and the simulator (docs/ISSUING.md,
 * Amendments). After every amendment the live invoices of the purchase (not reversed, not a storno) add up to what the
 * buyer finally paid; the original is reversed exactly once and each revision is created at most once per send budget.
 */
@ExtendWith({LocalAwsExtension.class, AgentSimulatorExtension.class})
class AmendmentEndToEndTest {

    private static AgentSimulator sim;
    private final IssuerHarness h;
    private final AccountStore accounts;
    private final InvoiceLedger ledger;
    private final HealthProbe probe;

    AmendmentEndToEndTest(AwsClients clients, AppConfig base) {
        this.h = IssuerHarness.withOwnAccountsTable(clients, base, sim, "amend");
        this.accounts = new AccountStore(clients.dynamoDb(), h.config.accountsTable());
        this.ledger = new InvoiceLedger(clients.dynamoDb(), h.config.invoicesTable());
        this.probe = HealthProbeWiring.over(h.config, clients)
                .withBackfill((accountId, afterRecovery) -> new InvoiceRequeue(clients.dynamoDb(), clients::sqs,
                        h.config.invoicesTable(), h.queues.queueUrl(), Duration.ofMinutes(30), Clock.systemUTC())
                        .backfill(accountId, afterRecovery))
                .probe();
    }

    @BeforeAll
    static void simulator(AgentSimulator started) {
        sim = started;
    }

    @Test
    void aPartialRefundReversesTheOriginalOnceAndIssuesTheRemainingTicket() {
        String acc = IssuerHarness.id("partial");
        h.connect(acc);
        String p = pid("part");
        h.send(IssuerFixtures.paid(acc, p, 2, 5000));
        h.drain();
        h.send(amended(acc, p, 1, PERSON, 1, 5000));
        h.drain();

        assertChain(acc, p, 1, "5000");
        assertThat(ledger.find(acc, p).orElseThrow().state()).isEqualTo(LedgerState.REVERSED);
        assertThat(ledger.find(acc, PurchaseHead.itemId(p, 1)).orElseThrow().state()).isEqualTo(LedgerState.ISSUED);
        assertThat(h.calls(AgentAction.CREATE_INVOICE)).as("the original and revision 1, once each").isEqualTo(2);
        assertThat(h.calls(AgentAction.REVERSE_INVOICE)).isEqualTo(1);
        assertThat(h.dlq()).isEmpty();
    }

    @Test
    void aBuyerCorrectionIssuesTheNewInvoiceInTheCompanysName() {
        String acc = IssuerHarness.id("company");
        h.connect(acc);
        String p = pid("co");
        h.send(IssuerFixtures.paid(acc, p, 1, 24990));
        h.drain();
        h.send(amended(acc, p, 1, COMPANY, 1, 24990));
        h.drain();

        assertChain(acc, p, 1, "24990");
        assertThat(live(p)).singleElement().satisfies(d -> {
            assertThat(d.buyerName()).isEqualTo("Kiss és Társa Bt.");
            assertThat(d.externalId()).isEqualTo("ai:" + acc + ":" + p + ":r1");
        });
        assertThat(h.dlq()).isEmpty();
    }

    @Test
    void anOlderRevisionArrivingLaterIsIgnored() {
        String acc = IssuerHarness.id("order");
        h.connect(acc);
        String p = pid("ord");
        h.send(IssuerFixtures.paid(acc, p, 3, 1000));
        h.drain();
        h.send(amended(acc, p, 2, PERSON, 1, 1000));
        h.drain();
        h.send(amended(acc, p, 1, PERSON, 2, 1000));
        h.drain();

        assertChain(acc, p, 2, "1000");
        assertThat(ledger.find(acc, PurchaseHead.itemId(p, 1))).as("revision 1 never got an item").isEmpty();
        assertThat(h.calls(AgentAction.CREATE_INVOICE)).isEqualTo(2);
        assertThat(h.dlq()).isEmpty();
    }

    @Test
    void twoRevisionsAtOnceEndWithTheNewestAloneLive() {
        String acc = IssuerHarness.id("race");
        h.connect(acc);
        String p = pid("race");
        h.send(IssuerFixtures.paid(acc, p, 3, 1000));
        h.drain();
        h.send(amended(acc, p, 1, PERSON, 2, 1000), amended(acc, p, 2, PERSON, 1, 1000));
        h.drain();

        assertThat(live(p)).as("only revision 2 is live, whichever came first").singleElement().satisfies(d -> {
            assertThat(d.gross()).isEqualByComparingTo("1000");
            assertThat(d.externalId()).endsWith(":r2");
        });
        for (SimDocument d : sim.documentsByOrderNumber(p)) {
            if (d.type() == DocumentType.SZ && !d.externalId().endsWith(":r2")) {
                assertThat(d.reversedBy()).as(d.number() + " reversed").isNotNull();
            }
        }
        assertThat(h.dlq()).isEmpty();
    }

    @Test
    void aDuplicatedRevisionReversesOnceAndIssuesOnce() {
        String acc = IssuerHarness.id("dup");
        h.connect(acc);
        String p = pid("dup");
        h.send(IssuerFixtures.paid(acc, p, 2, 3000));
        h.drain();
        String r1 = amended(acc, p, 1, PERSON, 1, 3000);
        h.send(r1, r1);
        h.drain();
        h.send(r1);
        h.drain();

        assertChain(acc, p, 1, "3000");
        assertThat(h.calls(AgentAction.REVERSE_INVOICE)).isEqualTo(1);
        assertThat(h.calls(AgentAction.CREATE_INVOICE)).isEqualTo(2);
        assertThat(h.dlq()).isEmpty();
    }

    @Test
    void anAmendmentWithoutLinesIsAWholeRefundAndLaterAmendmentsAreRefused() {
        String acc = IssuerHarness.id("none");
        h.connect(acc);
        String p = pid("none");
        h.send(IssuerFixtures.paid(acc, p, 2, 2000));
        h.drain();
        h.send(amended(acc, p, 1, PERSON, 0, 2000));
        h.drain();

        assertThat(sim.documentsByOrderNumber(p)).extracting(SimDocument::type)
                .containsExactlyInAnyOrder(DocumentType.SZ, DocumentType.SS);
        assertThat(live(p)).isEmpty();
        assertThat(ledger.find(acc, p).orElseThrow().state()).isEqualTo(LedgerState.REVERSED);
        assertThat(ledger.findHead(acc, p).orElseThrow().refunded()).isTrue();
        assertThat(h.dlq()).isEmpty();

        String r2 = amended(acc, p, 2, PERSON, 1, 2000);
        h.send(r2);
        h.drain();
        assertRefused(r2, acc, p);
        assertThat(h.calls(AgentAction.CREATE_INVOICE)).isEqualTo(1);
    }

    @Test
    void anAmendmentAfterARefundIsRefusedWithAReason() {
        String acc = IssuerHarness.id("refunded");
        h.connect(acc);
        String p = pid("ref");
        h.send(IssuerFixtures.paid(acc, p, 2, 2000));
        h.drain();
        h.send(IssuerFixtures.refunded(acc, p));
        h.drain();
        String r1 = amended(acc, p, 1, PERSON, 1, 2000);
        h.send(r1);
        h.drain();

        assertRefused(r1, acc, p);
        assertThat(sim.documentsByOrderNumber(p)).extracting(SimDocument::type)
                .containsExactlyInAnyOrder(DocumentType.SZ, DocumentType.SS);
        assertThat(h.calls(AgentAction.CREATE_INVOICE)).isEqualTo(1);
        assertThat(h.calls(AgentAction.REVERSE_INVOICE)).isEqualTo(1);
    }

    @Test
    void aRefundOfAnAmendedPurchaseReversesTheNewestInvoice() {
        String acc = IssuerHarness.id("amend-refund");
        h.connect(acc);
        String p = pid("ar");
        h.send(IssuerFixtures.paid(acc, p, 2, 2000));
        h.drain();
        h.send(amended(acc, p, 1, PERSON, 1, 2000));
        h.drain();
        h.send(IssuerFixtures.refunded(acc, p));
        h.drain();

        assertThat(live(p)).isEmpty();
        assertThat(sim.documentsByOrderNumber(p)).extracting(SimDocument::type)
                .containsExactlyInAnyOrder(DocumentType.SZ, DocumentType.SS, DocumentType.SZ, DocumentType.SS);
        assertThat(ledger.find(acc, PurchaseHead.itemId(p, 1)).orElseThrow().state()).isEqualTo(LedgerState.REVERSED);
        assertThat(ledger.findHead(acc, p).orElseThrow().refunded()).isTrue();
        String r2 = amended(acc, p, 2, PERSON, 1, 2000);
        h.send(r2);
        h.drain();
        assertRefused(r2, acc, p);
    }

    @Test
    void anAmendmentWhileTheAccountIsBlockedFinishesAfterTheRecovery() {
        String acc = IssuerHarness.id("blocked");
        AgentKey key = h.connect(acc);
        runProbe(); // the connect's healthy period: its backfill is done
        String p = pid("blk");
        h.send(IssuerFixtures.paid(acc, p, 2, 4000));
        h.drain();
        sim.putAccount(key.reveal(), AccountUpdate.none().withState(AccountState.BLOCKED));
        runProbe();
        assertThat(accounts.find(acc).orElseThrow().status()).isEqualTo(AccountStatus.ACCOUNT_BLOCKED);

        h.send(amended(acc, p, 1, PERSON, 1, 4000));
        h.drain();
        LedgerEntry original = ledger.find(acc, p).orElseThrow();
        assertThat(original.state()).as("the storno waits for the account").isEqualTo(LedgerState.REFUND_PENDING);
        assertThat(original.reason()).contains(Reason.ACCOUNT_BLOCKED);
        assertThat(ledger.find(acc, PurchaseHead.itemId(p, 1))).as("no new invoice before the old one is reversed").isEmpty();
        assertThat(h.calls(AgentAction.REVERSE_INVOICE)).isZero();
        assertThat(live(p)).hasSize(1);

        sim.putAccount(key.reveal(), AccountUpdate.none().withState(AccountState.OK));
        runProbe();
        h.drain();

        assertChain(acc, p, 1, "4000");
        assertThat(h.calls(AgentAction.REVERSE_INVOICE)).isEqualTo(1);
        assertThat(h.calls(AgentAction.CREATE_INVOICE)).isEqualTo(2);
        assertThat(h.dlq()).isEmpty();
    }

    @Test
    void anAmendmentOfAPurchaseWhoseCreateHasAnUnknownOutcomeNeverDoublesIt() {
        String acc = IssuerHarness.id("unknown");
        h.connect(acc);
        String p = pid("unk");
        h.sendWithLostCreateReply(IssuerFixtures.paid(acc, p, 2, 1500));
        h.send(amended(acc, p, 1, PERSON, 1, 1500));
        h.drain();

        assertChain(acc, p, 1, "1500");
        assertThat(h.calls(AgentAction.CREATE_INVOICE)).as("the original once, revision 1 once").isEqualTo(2);
        assertThat(h.dlq()).isEmpty();
    }

    @Test
    void anAmendmentBeforeThePurchaseSupersedesItAndThePurchaseIsAcknowledged() {
        String acc = IssuerHarness.id("early");
        h.connect(acc);
        String p = pid("early");
        h.send(amended(acc, p, 1, PERSON, 1, 2500));
        h.drain();
        h.send(IssuerFixtures.paid(acc, p, 2, 2500));
        h.drain();

        assertThat(ledger.find(acc, p).orElseThrow().state()).isEqualTo(LedgerState.SUPERSEDED);
        assertThat(sim.documentsByOrderNumber(p)).singleElement().satisfies(d -> {
            assertThat(d.gross()).isEqualByComparingTo("2500");
            assertThat(d.externalId()).endsWith(":r1");
        });
        assertThat(h.calls(AgentAction.CREATE_INVOICE)).isEqualTo(1);
        assertThat(h.dlq()).isEmpty();
    }

    /**
     * A create whose request never reached the vendor, its message gone (dead-lettered or lost): the amendment marks
     * the original query-only, drives it itself (the query finds nothing: superseded, never created) and issues the
     * amended purchase. The original's message arriving again is acknowledged without a call.
     */
    @Test
    void anOriginalWhoseCreateNeverArrivedIsSupersededByQueryAlone() {
        String acc = IssuerHarness.id("drive");
        h.connect(acc);
        String p = pid("drv");
        String paid = IssuerFixtures.paid(acc, p, 2, 1200);
        Instant longAgo = Instant.now().minus(Duration.ofHours(1));
        var claimed = (Claim.Claimed) ledger.claim(new PurchaseClaim(acc, p, "ai:" + acc + ":" + p, paid, longAgo,
                stored -> true), longAgo, Duration.ofMinutes(2), Duration.ofMinutes(2),
                Optional.of(accounts.find(acc).orElseThrow().keyFingerprint()));
        assertThat(claimed.firstSendReserved()).isTrue();
        ledger.release(claimed.item(), longAgo.plusSeconds(60), new Cause(Reason.AGENT_OUTCOME_UNKNOWN, "no reply"), longAgo);

        h.send(amended(acc, p, 1, PERSON, 1, 1200));
        h.drain();

        LedgerEntry original = ledger.find(acc, p).orElseThrow();
        assertThat(original.state()).isEqualTo(LedgerState.SUPERSEDED);
        assertThat(original.supersededBy()).contains(1L);
        assertThat(sim.documentsByOrderNumber(p)).singleElement()
                .satisfies(d -> assertThat(d.externalId()).isEqualTo("ai:" + acc + ":" + p + ":r1"));
        assertThat(h.calls(AgentAction.QUERY_INVOICE)).as("the original was queried").isGreaterThanOrEqualTo(1);
        assertThat(h.calls(AgentAction.CREATE_INVOICE)).as("revision 1 only").isEqualTo(1);

        h.send(paid);
        h.drain();
        assertThat(h.calls(AgentAction.CREATE_INVOICE)).as("the original's message creates nothing").isEqualTo(1);
        assertThat(h.dlq()).isEmpty();
    }

    /** As above, but the create did issue the invoice: the amendment finds it, reverses it at once, then issues. */
    @Test
    void anOriginalWhoseCreateIssuedUnseenIsFoundAndReversedBeforeTheNewInvoice() {
        String acc = IssuerHarness.id("drive-found");
        h.connect(acc);
        String p = pid("drf");
        h.sendWithLostCreateReply(IssuerFixtures.paid(acc, p, 2, 1300));
        h.clients.sqs().purgeQueue(b -> b.queueUrl(h.queues.queueUrl()));
        h.send(amended(acc, p, 1, PERSON, 1, 1300));
        h.drain();

        assertChain(acc, p, 1, "1300");
        assertThat(h.calls(AgentAction.CREATE_INVOICE)).isEqualTo(2);
        assertThat(h.dlq()).isEmpty();
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static final String PERSON = """
            {"type":"person","name":"Kiss Anna","email":"anna@example.hu","country":"HU","postalCode":"1051",\
            "city":"Budapest","address":"Október 6. utca 7.","taxNumber":null,"euVatNumber":null}""";
    private static final String COMPANY = """
            {"type":"hu_company","name":"Kiss és Társa Bt.","email":"szamla@kissestarsa.hu","country":"HU",\
            "postalCode":"1051","city":"Budapest","address":"Október 6. utca 7.","taxNumber":"12345676-2-41"}""";

    /** A {@code purchase.amended} v1: one line of {@code quantity} × {@code unitPrice} HUF gross, none for 0. */
    private static String amended(String acc, String p, int revision, String buyer, int quantity, int unitPrice) {
        String lines = quantity == 0 ? "[]" : """
                [{"name":"Napijegy","quantity":"%d","unit":"db","unitPrice":"%d","priceIncludesVat":true,"vat":"27"}]"""
                .formatted(quantity, unitPrice);
        return """
                {"type":"purchase.amended","version":1,"purchaseId":"%s","accountId":"%s","revision":%d,\
                "amendedAt":"2026-11-28T09:20:00Z","paidAt":"2026-11-27T18:05:11Z","currency":"HUF",\
                "paymentMethod":"card","language":"hu","buyer":%s,"lines":%s,"sendEmail":false}"""
                .formatted(p, acc, revision, buyer, lines);
    }

    /** The purchase's live invoices at the vendor: ordinary invoices not reversed. */
    private static List<SimDocument> live(String p) {
        return sim.documentsByOrderNumber(p).stream()
                .filter(d -> d.type() == DocumentType.SZ && d.reversedBy() == null).toList();
    }

    /**
     * The original reversed exactly once and revision {@code revision} the only live invoice, of {@code gross}; every
     * other ordinary invoice of the purchase reversed by exactly one storno.
     */
    private void assertChain(String acc, String p, int revision, String gross) {
        List<SimDocument> docs = sim.documentsByOrderNumber(p);
        assertThat(live(p)).as("exactly one live invoice, of what the buyer finally paid").singleElement().satisfies(d -> {
            assertThat(d.gross()).isEqualByComparingTo(new BigDecimal(gross));
            assertThat(d.externalId()).isEqualTo("ai:" + acc + ":" + p + ":r" + revision);
        });
        assertThat(sim.documentsByExternalId("ai:" + acc + ":" + p)).as("the original, once").singleElement()
                .satisfies(d -> assertThat(d.reversedBy()).isNotNull());
        long reversedInvoices = docs.stream().filter(d -> d.type() == DocumentType.SZ && d.reversedBy() != null).count();
        long stornos = docs.stream().filter(d -> d.type() == DocumentType.SS).count();
        assertThat(stornos).as("one storno per reversed invoice").isEqualTo(reversedInvoices);
        LedgerEntry issued = ledger.find(acc, PurchaseHead.itemId(p, revision)).orElseThrow();
        assertThat(issued.state()).isEqualTo(LedgerState.ISSUED);
        assertThat(issued.invoiceNumber()).contains(live(p).getFirst().number());
    }

    private void assertRefused(String body, String acc, String p) {
        List<Message> dead = h.dlq();
        assertThat(dead).singleElement().satisfies(m -> {
            assertThat(m.body()).isEqualTo(body);
            assertThat(m.messageAttributes().get("reason").stringValue()).isEqualTo(Reason.AMENDED_AFTER_REFUND.name());
            assertThat(m.messageAttributes().get("purchaseId").stringValue()).isEqualTo(p);
            assertThat(m.messageAttributes().get("accountId").stringValue()).isEqualTo(acc);
        });
    }

    private ProbeReport runProbe() {
        ProbeReport report = probe.run(TimeBudget.of(ProbeComponent.RUN_BUDGET));
        assertThat(report.completed()).isTrue();
        return report;
    }

    private static String pid(String tag) {
        return "P-" + tag + "-" + UUID.randomUUID().toString().substring(0, 6);
    }
}
