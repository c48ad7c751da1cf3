package hu.autoinvoice.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import hu.autoinvoice.account.AccountStatus;
import hu.autoinvoice.account.AccountStore;
import hu.autoinvoice.agent.AgentAction;
import hu.autoinvoice.agent.AgentHttpConfig;
import hu.autoinvoice.agent.AgentKey;
import hu.autoinvoice.agent.AgentResult;
import hu.autoinvoice.agent.IssuedReceipt;
import hu.autoinvoice.agent.SzamlaAgentClient;
import hu.autoinvoice.aws.AppConfig;
import hu.autoinvoice.aws.AwsClients;
import hu.autoinvoice.invoice.CallId;
import hu.autoinvoice.invoice.DocumentType;
import hu.autoinvoice.invoice.DraftResult;
import hu.autoinvoice.invoice.InvoiceCalculator;
import hu.autoinvoice.invoice.ParseResult;
import hu.autoinvoice.invoice.PurchaseMessages;
import hu.autoinvoice.invoice.PurchasePaid;
import hu.autoinvoice.invoice.ReceiptDraft;
import hu.autoinvoice.ledger.InvoiceLedger;
import hu.autoinvoice.ledger.LedgerEntry;
import hu.autoinvoice.ledger.LedgerState;
import hu.autoinvoice.ledger.Reason;
import hu.autoinvoice.local.agent.AgentSimulator;
import hu.autoinvoice.local.agent.AgentSimulatorExtension;
import hu.autoinvoice.local.agent.SimDocument;
import hu.autoinvoice.local.aws.LocalAwsExtension;
import hu.autoinvoice.local.runner.IssuerFixtures;
import hu.autoinvoice.local.runner.ProbeComponent;
import hu.autoinvoice.aws.TimeBudget;
import hu.autoinvoice.ledger.InvoiceRequeue;
import hu.autoinvoice.local.agent.AccountUpdate;
import hu.autoinvoice.probe.HealthProbe;
import hu.autoinvoice.probe.HealthProbeWiring;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 18 end to end: an account on receipts gets an e-receipt ({@code nyugta}) for every private buyer and an
 * invoice for every company, through the real issuer, the queue and the simulator; the call id keeps a receipt to
 * one, whatever is repeated; a refund reverses the receipt with a receipt storno.
 */
@ExtendWith({LocalAwsExtension.class, AgentSimulatorExtension.class})
class ReceiptEndToEndTest {

    private static final String PREFIX = "NYGT";

    private static AgentSimulator sim;
    private final IssuerHarness h;
    private final InvoiceLedger ledger;
    private final AccountStore accounts;
    private final AwsClients clients;
    private final AppConfig base;

    ReceiptEndToEndTest(AwsClients clients, AppConfig base) {
        this.clients = clients;
        this.base = base;
        this.h = new IssuerHarness(clients, base, sim);
        this.ledger = new InvoiceLedger(clients.dynamoDb(), h.config.invoicesTable());
        this.accounts = new AccountStore(clients.dynamoDb(), h.config.accountsTable());
    }

    @BeforeAll
    static void simulator(AgentSimulator started) {
        sim = started; // one per class, closed after it (AgentSimulatorExtension)
    }

    private AgentKey connectForReceipts(String acc) {
        return IssuerFixtures.connect(h.clients, h.config, sim, acc, false, Optional.of(PREFIX));
    }

    @Test
    void aPrivateBuyerGetsAReceiptAndACompanyAnInvoice() {
        String acc = IssuerHarness.id("rcpt");
        connectForReceipts(acc);
        String person = pid();
        String company = pid();
        h.send(IssuerFixtures.paid(acc, person, 2, 4990), companyPaid(acc, company));
        h.drain();

        LedgerEntry receipt = ledger.find(acc, person).orElseThrow();
        assertThat(receipt.state()).isEqualTo(LedgerState.ISSUED);
        assertThat(receipt.documentType()).isEqualTo(DocumentType.RECEIPT);
        assertThat(receipt.sends()).isEqualTo(1);
        SimDocument issued = single(sim.receipts(), person);
        assertThat(receipt.invoiceNumber()).contains(issued.number());
        assertThat(issued.number()).startsWith(PREFIX + "-");
        assertThat(issued.callId()).isEqualTo("ai:" + acc + ":" + person);
        assertThat(issued.gross()).isEqualByComparingTo("9980");
        assertThat(issued.net().add(issued.vat())).isEqualByComparingTo(issued.gross());

        LedgerEntry invoice = ledger.find(acc, company).orElseThrow();
        assertThat(invoice.state()).isEqualTo(LedgerState.ISSUED);
        assertThat(invoice.documentType()).isEqualTo(DocumentType.INVOICE);
        assertThat(sim.documentsByOrderNumber(company)).singleElement()
                .satisfies(d -> assertThat(d.type().receipt()).isFalse());
        assertThat(h.calls(AgentAction.CREATE_RECEIPT)).isEqualTo(1);
        assertThat(h.calls(AgentAction.CREATE_INVOICE)).isEqualTo(1);
        assertThat(h.dlq()).isEmpty();
    }

    @Test
    void aBuyerWhoAskedForItGetsTheReceiptByEmailOnce() {
        String acc = IssuerHarness.id("rcpt-mail");
        AgentKey key = connectForReceipts(acc);
        String asked = pid();
        String quiet = pid();
        String body = IssuerFixtures.paid(acc, asked, 1, 4990).replace("\"sendEmail\":false", "\"sendEmail\":true");
        h.send(body, body, IssuerFixtures.paid(acc, quiet, 1, 4990)); // the first one twice
        h.drain();

        String number = ledger.find(acc, asked).orElseThrow().invoiceNumber().orElseThrow();
        String other = ledger.find(acc, quiet).orElseThrow().invoiceNumber().orElseThrow();
        assertThat(sim.receiptEmails().stream().filter(e -> e.account().endsWith(key.hint()) && e.number().equals(number)))
                .as("sent once, to the buyer, after the receipt was recorded").singleElement()
                .satisfies(e -> {
                    assertThat(e.to()).isEqualTo("anna@example.hu");
                    assertThat(e.subject()).isEqualTo("Nyugta " + number);
                });
        assertThat(sim.receiptEmails().stream().filter(e -> e.account().endsWith(key.hint()) && e.number().equals(other)))
                .as("sendEmail false: not sent").isEmpty();
    }

    @Test
    void aLostReplyIsSettledByTheCallIdAndTheReceiptIsNotMadeTwice() {
        String acc = IssuerHarness.id("rcpt-lost");
        connectForReceipts(acc);
        String p = pid();
        AtomicInteger lost = new AtomicInteger();
        h.loseReply = r -> r.action() == AgentAction.CREATE_RECEIPT && lost.getAndIncrement() == 0;
        h.send(IssuerFixtures.paid(acc, p, 1, 3990));
        h.drain();

        LedgerEntry entry = ledger.find(acc, p).orElseThrow();
        assertThat(lost.get()).as("the first create's reply was lost").isGreaterThanOrEqualTo(1);
        assertThat(entry.state()).isEqualTo(LedgerState.ISSUED);
        assertThat(entry.invoiceNumber()).contains(single(sim.receipts(), p).number());
        assertThat(h.calls(AgentAction.CREATE_RECEIPT)).as("found by its call id, not created again").isEqualTo(1);
        assertThat(h.calls(AgentAction.GET_RECEIPT)).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aReceiptTheVendorAlreadyHoldsUnderTheCallIdIsAdoptedAfterThe338() {
        String acc = IssuerHarness.id("rcpt-338");
        AgentKey key = connectForReceipts(acc);
        String p = pid();
        String body = IssuerFixtures.paid(acc, p, 3, 2500);
        // the receipt exists at the vendor already (made by a create whose every trace on our side was lost)
        PurchasePaid paid = (PurchasePaid) ((ParseResult.Valid) PurchaseMessages.parse(body)).message();
        ReceiptDraft draft = ReceiptDraft.of(((DraftResult.Computed) InvoiceCalculator.draft(paid)).draft(), PREFIX,
                CallId.of(acc, p));
        var earlier = SzamlaAgentClient.overHttp(AgentHttpConfig.defaults(sim.url())).createReceipt(key, draft);
        String existing = ((AgentResult.Ok<IssuedReceipt>) earlier).value().number();

        h.send(body);
        h.drain();

        LedgerEntry entry = ledger.find(acc, p).orElseThrow();
        assertThat(entry.state()).isEqualTo(LedgerState.ISSUED);
        assertThat(entry.invoiceNumber()).as("the vendor's receipt adopted").contains(existing);
        assertThat(sim.receipts().stream().filter(d -> p.equals(d.orderNumber()))).hasSize(1);
        assertThat(h.dlq()).isEmpty();
    }

    @Test
    void aRefundReversesTheReceiptOnceEvenWhenTheStornosReplyIsLost() {
        String acc = IssuerHarness.id("rcpt-refund");
        connectForReceipts(acc);
        String p = pid();
        String first = pid();
        h.send(IssuerFixtures.paid(acc, p, 1, 4990));
        h.drain();
        AtomicInteger lost = new AtomicInteger();
        h.loseReply = r -> r.action() == AgentAction.REVERSE_RECEIPT && lost.getAndIncrement() == 0;
        h.send(IssuerFixtures.refunded(acc, p));
        // and a refund that comes before its purchase
        h.send(IssuerFixtures.refunded(acc, first));
        h.drain();
        h.send(IssuerFixtures.paid(acc, first, 2, 1500));
        h.drain();

        for (String purchase : List.of(p, first)) {
            LedgerEntry entry = ledger.find(acc, purchase).orElseThrow();
            assertThat(entry.state()).as(purchase).isEqualTo(LedgerState.REVERSED);
            List<SimDocument> docs = sim.receipts().stream().filter(d -> purchase.equals(d.orderNumber())).toList();
            assertThat(docs).as(purchase + ": one receipt and one storno").hasSize(2);
            SimDocument receipt = docs.stream().filter(d -> d.reverses() == null).findFirst().orElseThrow();
            SimDocument storno = docs.stream().filter(d -> d.reverses() != null).findFirst().orElseThrow();
            assertThat(storno.reverses()).isEqualTo(receipt.number());
            assertThat(storno.gross()).isEqualByComparingTo(receipt.gross().negate());
            assertThat(entry.invoiceNumber()).contains(receipt.number());
            assertThat(entry.stornoNumber()).contains(storno.number());
        }
        assertThat(lost.get()).as("the first storno's reply was lost").isGreaterThanOrEqualTo(1);
        assertThat(h.calls(AgentAction.CREATE_INVOICE)).isZero();
        assertThat(h.dlq()).isEmpty();
    }

    @Test
    void aReceiptPrefixTheVendorRefusesMarksTheAccountAndParksTheReceipt() {
        String acc = IssuerHarness.id("rcpt-prefix");
        IssuerFixtures.connect(h.clients, h.config, sim, acc, false, Optional.of("TIX")); // an invoice prefix there
        String p = pid();
        h.send(IssuerFixtures.paid(acc, p, 1, 990));
        h.drain();

        LedgerEntry entry = ledger.find(acc, p).orElseThrow();
        assertThat(entry.state()).isEqualTo(LedgerState.PARKED);
        assertThat(entry.reason()).contains(Reason.ACCOUNT_PREFIX_INVALID);
        assertThat(accounts.find(acc).orElseThrow().status()).isEqualTo(AccountStatus.PREFIX_INVALID);
        assertThat(sim.receipts().stream().filter(d -> p.equals(d.orderNumber()))).isEmpty();
        assertThat(h.dlq()).as("an account's setting, not the purchase's data: nothing to the DLQ").isEmpty();
    }

    @Test
    void aReceiptParkedBeforeAnySendAlreadyShowsAsAReceipt() {
        String acc = IssuerHarness.id("rcpt-park");
        connectForReceipts(acc);
        var account = accounts.find(acc).orElseThrow();
        accounts.changeStatus(account, AccountStatus.ACCOUNT_BLOCKED, "blocked (test)", java.time.Instant.now());
        String p = pid();
        h.send(IssuerFixtures.paid(acc, p, 1, 990));
        h.drain();

        LedgerEntry entry = ledger.find(acc, p).orElseThrow();
        assertThat(entry.state()).isEqualTo(LedgerState.PARKED);
        assertThat(entry.sends()).isZero();
        assertThat(entry.documentType()).as("the claim writes what a create would make").isEqualTo(DocumentType.RECEIPT);
        assertThat(h.totalCalls()).isZero();
    }

    /**
     * The probe calls a receipt account healthy again only when its receipts would go through: the invoice preview it
     * makes for any unhealthy account says nothing of the receipt prefix, so it also asks the receipt checks the
     * connect asks. Once the prefix is fixed in Számlázz.hu, the probe's backfill issues the parked receipt.
     */
    @Test
    void aReceiptAccountRecoversThroughTheProbeOnlyOnceItsReceiptsWouldGoThrough() {
        IssuerHarness own = IssuerHarness.withOwnAccountsTable(clients, base, sim, "rcpt-probe");
        InvoiceLedger ownLedger = new InvoiceLedger(clients.dynamoDb(), own.config.invoicesTable());
        AccountStore ownAccounts = new AccountStore(clients.dynamoDb(), own.config.accountsTable());
        HealthProbe probe = HealthProbeWiring.over(own.config, clients)
                .withBackfill((accountId, afterRecovery) -> new InvoiceRequeue(clients.dynamoDb(), clients::sqs,
                        own.config.invoicesTable(), own.queues.queueUrl(), Duration.ofMinutes(30), Clock.systemUTC())
                        .backfill(accountId, afterRecovery))
                .probe();
        String acc = IssuerHarness.id("rcpt-probe");
        AgentKey key = IssuerFixtures.connect(clients, own.config, sim, acc, false, Optional.of("RCPT"));
        // the organiser also made RCPT an invoice prefix in Számlázz.hu: every receipt under it is refused (336)
        sim.putAccount(key.reveal(), AccountUpdate.none().withPrefixes(List.of("TIX", "RCPT")));
        String p = pid();
        own.send(IssuerFixtures.paid(acc, p, 1, 2990));
        own.drain();
        assertThat(ownAccounts.find(acc).orElseThrow().status()).isEqualTo(AccountStatus.PREFIX_INVALID);
        assertThat(ownLedger.find(acc, p).orElseThrow().state()).isEqualTo(LedgerState.PARKED);

        probe.run(TimeBudget.of(ProbeComponent.RUN_BUDGET));
        assertThat(ownAccounts.find(acc).orElseThrow().status())
                .as("the invoice preview goes through, the receipt prefix is still an invoice prefix")
                .isEqualTo(AccountStatus.PREFIX_INVALID);

        sim.putAccount(key.reveal(), AccountUpdate.none().withPrefixes(List.of("TIX"))); // fixed in Számlázz.hu
        probe.run(TimeBudget.of(ProbeComponent.RUN_BUDGET));
        assertThat(ownAccounts.find(acc).orElseThrow().status()).isEqualTo(AccountStatus.HEALTHY);
        own.drain();
        LedgerEntry entry = ownLedger.find(acc, p).orElseThrow();
        assertThat(entry.state()).as("backfilled after the recovery and issued").isEqualTo(LedgerState.ISSUED);
        assertThat(entry.invoiceNumber()).hasValueSatisfying(n -> assertThat(n).startsWith("RCPT-"));
    }

    private static SimDocument single(List<SimDocument> documents, String purchaseId) {
        List<SimDocument> mine = documents.stream().filter(d -> purchaseId.equals(d.orderNumber())).toList();
        assertThat(mine).as(purchaseId).hasSize(1);
        return mine.get(0);
    }

    private static String companyPaid(String acc, String p) {
        return IssuerFixtures.paid(acc, p, 1, 12000)
                .replace("\"type\":\"person\",\"name\":\"Kiss Anna\"", "\"type\":\"hu_company\",\"name\":\"Kiss és Társa Bt.\"")
                .replace("\"taxNumber\":null", "\"taxNumber\":\"12345676-2-41\"");
    }

    private static String pid() {
        return "P-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
