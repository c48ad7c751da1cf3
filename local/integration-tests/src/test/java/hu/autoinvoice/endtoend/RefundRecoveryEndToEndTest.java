package hu.autoinvoice.endtoend;

import hu.autoinvoice.local.runner.IssuerFixtures;
import hu.autoinvoice.local.runner.ProbeComponent;
import static org.assertj.core.api.Assertions.assertThat;

import hu.autoinvoice.account.AccountStatus;
import hu.autoinvoice.account.AccountStore;
import hu.autoinvoice.agent.AgentAction;
import hu.autoinvoice.agent.AgentKey;
import hu.autoinvoice.aws.AppConfig;
import hu.autoinvoice.aws.AwsClients;
import hu.autoinvoice.aws.TimeBudget;
import hu.autoinvoice.connect.OpenInvoices;
import hu.autoinvoice.issuer.InvoiceIssuerWiring;
import hu.autoinvoice.ledger.Cause;
import hu.autoinvoice.ledger.ClaimedItem;
import hu.autoinvoice.ledger.Reason;
import hu.autoinvoice.ledger.Claim;
import hu.autoinvoice.ledger.PurchaseClaim;
import hu.autoinvoice.ledger.InvoiceLedger;
import hu.autoinvoice.ledger.InvoiceRequeue;
import hu.autoinvoice.ledger.LedgerEntry;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Issue 12 end to end: refunds and recovery with the real issuer (through the queue and the poller), the real probe
 * and backfill, and the simulator. Every refund reverses its invoice and every purchase reaches a final state,
 * whatever the account does meanwhile. Each test has its own accounts table (the probe scans the whole table) and its
 * own queue pair.
 */
@ExtendWith({LocalAwsExtension.class, AgentSimulatorExtension.class})
class RefundRecoveryEndToEndTest {

    private static AgentSimulator sim;
    private final AwsClients clients;
    private final IssuerHarness h;
    private final AccountStore accounts;
    private final InvoiceLedger ledger;
    private final OpenInvoices open;
    /** The probe's stuck age; a test sets it to zero to make an item count as stuck at once. */
    private volatile Duration stuckAfter = Duration.ofMinutes(30);
    private final HealthProbe probe;

    RefundRecoveryEndToEndTest(AwsClients clients, AppConfig base) {
        this.clients = clients;
        this.h = IssuerHarness.withOwnAccountsTable(clients, base, sim, "refund");
        this.accounts = new AccountStore(clients.dynamoDb(), h.config.accountsTable());
        this.ledger = new InvoiceLedger(clients.dynamoDb(), h.config.invoicesTable());
        this.open = new OpenInvoices(clients.dynamoDb(), h.config.invoicesTable());
        this.probe = HealthProbeWiring.over(h.config, clients)
                // a requeue per run: it reads the test's current stuckAfter
                .withBackfill((accountId, afterRecovery) -> new InvoiceRequeue(clients.dynamoDb(), clients::sqs,
                        h.config.invoicesTable(), h.queues.queueUrl(), stuckAfter, Clock.systemUTC())
                        .backfill(accountId, afterRecovery))
                .probe();
    }

    @BeforeAll
    static void simulator(AgentSimulator started) {
        sim = started; // one per class, closed after it (AgentSimulatorExtension)
    }

    /** The issue's reproduction: six issued, the account blocked, four refunds and one refund first; then it pays. */
    @Test
    void everyRefundMadeWhileTheAccountIsBlockedIsReversedOnceItRecovers() {
        String acc = IssuerHarness.id("refunds");
        AgentKey key = h.connect(acc);
        List<String> issued = ids("I", 6);
        issued.forEach(p -> h.send(IssuerFixtures.paid(acc, p, 1, 4990)));
        h.drain();
        issued.forEach(p -> assertThat(ledger.find(acc, p).orElseThrow().state()).isEqualTo(LedgerState.ISSUED));

        sim.putAccount(key.reveal(), AccountUpdate.none().withState(AccountState.BLOCKED));
        runProbe();
        assertThat(accounts.find(acc).orElseThrow().status()).isEqualTo(AccountStatus.ACCOUNT_BLOCKED);

        List<String> refunded = issued.subList(0, 4);
        refunded.forEach(p -> h.send(IssuerFixtures.refunded(acc, p)));
        String late = "P-late-" + UUID.randomUUID().toString().substring(0, 6);
        h.send(IssuerFixtures.refunded(acc, late));
        h.drain();
        h.send(IssuerFixtures.paid(acc, late, 2, 2500));
        h.drain();

        for (String p : refunded) {
            LedgerEntry entry = ledger.find(acc, p).orElseThrow();
            assertThat(entry.state()).as(p + ": the refund is recorded and shows as pending").isEqualTo(LedgerState.REFUND_PENDING);
            assertThat(entry.refundBody()).as(p).isPresent();
            assertThat(entry.reason()).as(p).contains(Reason.ACCOUNT_BLOCKED);
        }
        assertThat(ledger.find(acc, late).orElseThrow().state()).isEqualTo(LedgerState.PARKED);
        assertThat(open.count(acc)).isEqualTo(new OpenInvoices.Counts(1, 0, 4, 0));
        assertThat(h.calls(AgentAction.REVERSE_INVOICE)).as("no storno is tried while the account is blocked").isZero();

        sim.putAccount(key.reveal(), AccountUpdate.none().withState(AccountState.OK));
        ProbeReport recovered = runProbe();
        assertThat(recovered.backfilled()).isEqualTo(1);
        h.drain();

        for (String p : refunded) {
            assertReversedOnce(acc, p);
        }
        assertReversedOnce(acc, late);
        for (String p : issued.subList(4, 6)) {
            assertThat(ledger.find(acc, p).orElseThrow().state()).as(p).isEqualTo(LedgerState.ISSUED);
            assertThat(sim.documentsByOrderNumber(p)).as(p).extracting(SimDocument::type).containsExactly(DocumentType.SZ);
        }
        assertThat(h.calls(AgentAction.REVERSE_INVOICE)).as("five stornos, one each").isEqualTo(5);
        assertThat(open.count(acc)).isEqualTo(new OpenInvoices.Counts(0, 0, 0, 0));
        assertThat(h.dlq()).isEmpty();
    }

    /** Path 2: refund first; the storno right after issuing fails transiently; the purchase is retried, not acked. */
    @Test
    void aStornoThatFailsRightAfterIssuingIsRetriedUntilTheInvoiceIsReversed() {
        String acc = IssuerHarness.id("first");
        h.connect(acc);
        String p = "P-first-" + UUID.randomUUID().toString().substring(0, 6);
        AtomicInteger stornoFailures = new AtomicInteger();
        h.failBeforeSending = r -> r.action() == AgentAction.REVERSE_INVOICE && stornoFailures.getAndIncrement() == 0;

        h.send(IssuerFixtures.refunded(acc, p));
        h.drain();
        h.send(IssuerFixtures.paid(acc, p, 1, 9990));
        h.drain();

        assertThat(stornoFailures.get()).as("the first storno failed, a later one went through").isGreaterThanOrEqualTo(2);
        assertReversedOnce(acc, p);
        assertThat(h.calls(AgentAction.CREATE_INVOICE)).isEqualTo(1);
        assertThat(h.dlq()).isEmpty();
    }

    /**
     * Path 3: an item left {@code SENDING} whose message is gone (dead-lettered or lost): the probe finds it once it
     * is stuck and re-drives it; the issuer queries first and creates once.
     */
    @Test
    void anItemStuckInSendingWithoutAMessageIsFoundByTheProbeAndIssuedOnce() {
        String acc = IssuerHarness.id("stuck");
        h.connect(acc);
        runProbe(); // the connect's healthy period: its backfill is done
        String p = "P-stuck-" + UUID.randomUUID().toString().substring(0, 6);
        String body = IssuerFixtures.paid(acc, p, 1, 3990);
        Instant longAgo = Instant.now().minus(Duration.ofHours(3));
        var claimed = (Claim.Claimed) ledger.claim(new PurchaseClaim(acc, p, "ai:" + acc + ":" + p, body, longAgo, stored -> true), longAgo, Duration.ofMinutes(2), Duration.ofMinutes(2), Optional.of(accounts.find(acc).orElseThrow().keyFingerprint()));
        ledger.release(new ClaimedItem(acc, p, claimed.token()), longAgo.plusSeconds(60), new Cause(Reason.AGENT_TRANSIENT, "vendor down"), longAgo);
        assertThat(open.count(acc).inProgress()).as("the status shows it").isEqualTo(1);

        ProbeReport swept = runProbe();
        assertThat(swept.swept()).as("untouched for 3 h, past the 30 min stuck age").isEqualTo(1);
        h.drain();

        assertThat(ledger.find(acc, p).orElseThrow().state()).isEqualTo(LedgerState.ISSUED);
        assertThat(sim.documentsByOrderNumber(p)).singleElement().extracting(SimDocument::type).isEqualTo(DocumentType.SZ);
        assertThat(h.calls(AgentAction.QUERY_INVOICE)).as("a create was counted: it queries before sending").isEqualTo(1);
        assertThat(runProbe().swept()).as("nothing left to re-drive").isZero();
    }

    /** Path 3, not too eager: an item written a moment ago is not re-driven (its message is most likely in flight). */
    @Test
    void aRecentlyWrittenSendingItemIsNotReDriven() {
        String acc = IssuerHarness.id("fresh");
        h.connect(acc);
        runProbe();
        String p = "P-fresh-" + UUID.randomUUID().toString().substring(0, 6);
        var claimed = (Claim.Claimed) ledger.claim(new PurchaseClaim(acc, p, "ai:" + acc + ":" + p, IssuerFixtures.paid(acc, p, 1, 100), Instant.now(), stored -> true), Instant.now(), Duration.ofMinutes(2), Duration.ofMinutes(2), Optional.of(accounts.find(acc).orElseThrow().keyFingerprint()));
        ledger.release(new ClaimedItem(acc, p, claimed.token()), Instant.now(), new Cause(Reason.AGENT_TRANSIENT, "vendor down"), Instant.now());
        assertThat(runProbe().swept()).isZero();
        assertThat(h.dlq()).isEmpty();
    }

    /**
     * Path 4: an item parked after the account's backfill (a stale account read) is re-enqueued by the next probe
     * run, not left until someone calls reissue.
     */
    @Test
    void anItemParkedAfterTheRecoveryBackfillIsReEnqueuedByTheNextRun() {
        String acc = IssuerHarness.id("late-park");
        h.connect(acc);
        assertThat(runProbe().backfilled()).isEqualTo(1);
        String p = "P-parked-" + UUID.randomUUID().toString().substring(0, 6);
        var claimed = (Claim.Claimed) ledger.claim(new PurchaseClaim(acc, p, "ai:" + acc + ":" + p, IssuerFixtures.paid(acc, p, 1, 1990), Instant.now(), stored -> true), Instant.now(), Duration.ofMinutes(2), Duration.ofMinutes(2), Optional.empty());
        ledger.park(new ClaimedItem(acc, p, claimed.token()), new Cause(Reason.ACCOUNT_BLOCKED, "read before the recovery"), Instant.now());

        ProbeReport next = runProbe();
        assertThat(next.backfilled()).as("no new recovery").isZero();
        assertThat(next.swept()).isEqualTo(1);
        h.drain();
        assertThat(ledger.find(acc, p).orElseThrow().state()).isEqualTo(LedgerState.ISSUED);
        assertThat(sim.documentsByOrderNumber(p)).hasSize(1);
    }

    /** Path 9: a refund whose storno keeps failing reaches the DLQ on the last delivery with a reason and the ids. */
    @Test
    void aStornoThatKeepsFailingReachesTheDlqWithAReasonAndTheItemStaysPending() {
        String acc = IssuerHarness.id("storno-down");
        h.connect(acc);
        runProbe(); // the connect's healthy period: its backfill is done
        String p = "P-sd-" + UUID.randomUUID().toString().substring(0, 6);
        h.send(IssuerFixtures.paid(acc, p, 1, 5990));
        h.drain();
        h.failBeforeSending = r -> r.action() == AgentAction.REVERSE_INVOICE;
        String refund = IssuerFixtures.refunded(acc, p);
        h.send(refund);
        h.drain();

        List<Message> dead = h.dlq();
        assertThat(dead).singleElement().satisfies(m -> {
            assertThat(m.body()).isEqualTo(refund);
            assertThat(m.messageAttributes().get("reason").stringValue()).isEqualTo(Reason.RETRIES_EXHAUSTED.name());
            assertThat(m.messageAttributes().get("error").stringValue()).startsWith("STORNO_TRANSIENT");
            assertThat(m.messageAttributes().get("accountId").stringValue()).isEqualTo(acc);
            assertThat(m.messageAttributes().get("purchaseId").stringValue()).isEqualTo(p);
        });
        assertThat(h.calls(AgentAction.REVERSE_INVOICE)).isEqualTo(IssuerHarness.MAX_RECEIVES);
        LedgerEntry entry = ledger.find(acc, p).orElseThrow();
        assertThat(entry.state()).isEqualTo(LedgerState.REFUND_PENDING);
        assertThat(open.count(acc).refundsPending()).isEqualTo(1);

        // the vendor is back; the probe re-drives the stuck refund
        h.failBeforeSending = r -> false;
        stuckAfter = Duration.ZERO;
        assertThat(runProbe().swept()).isEqualTo(1);
        h.drain();
        assertReversedOnce(acc, p);
    }

    /** Path 9: a poison message's DLQ entry carries the ids it names, where they look valid. */
    @Test
    void anInvalidMessagesDlqEntryCarriesItsAccountAndPurchaseIds() {
        String acc = IssuerHarness.id("poison");
        String body = "{\"type\":\"purchase.paid\",\"version\":1,\"accountId\":\"" + acc + "\",\"purchaseId\":\"P-x\"}";
        h.send(body);
        h.drain();
        assertThat(h.dlq()).singleElement().satisfies(m -> {
            assertThat(m.messageAttributes().get("reason").stringValue()).isEqualTo(Reason.INVALID_MESSAGE.name());
            assertThat(m.messageAttributes().get("accountId").stringValue()).isEqualTo(acc);
            assertThat(m.messageAttributes().get("purchaseId").stringValue()).isEqualTo("P-x");
        });
    }

    /** Path 8: a changed re-send of an issued purchase is refused with a reason, not silently taken as a duplicate. */
    @Test
    void aChangedPurchaseAfterItsInvoiceIsRefusedWithAReasonAndAnIdenticalOneIsADuplicate() {
        String acc = IssuerHarness.id("changed");
        h.connect(acc);
        String p = "P-ch-" + UUID.randomUUID().toString().substring(0, 6);
        h.send(IssuerFixtures.paid(acc, p, 1, 5000));
        h.drain();
        h.send(IssuerFixtures.paid(acc, p, 1, 5000), IssuerFixtures.paid(acc, p, 2, 5000));
        h.drain();

        assertThat(sim.documentsByOrderNumber(p)).hasSize(1);
        assertThat(h.dlq()).singleElement().satisfies(m -> {
            assertThat(m.body()).isEqualTo(IssuerFixtures.paid(acc, p, 2, 5000));
            assertThat(m.messageAttributes().get("reason").stringValue()).isEqualTo(Reason.PURCHASE_CHANGED.name());
        });
        assertThat(ledger.find(acc, p).orElseThrow().messageBody()).contains(IssuerFixtures.paid(acc, p, 1, 5000));
    }

    /** Path 8: before any create was sent (parked for the account), a corrected re-send replaces the stored purchase. */
    @Test
    void aCorrectedPurchaseBeforeAnyCreateIsApplied() {
        String acc = IssuerHarness.id("corrected");
        AgentKey key = h.connect(acc);
        String p = "P-co-" + UUID.randomUUID().toString().substring(0, 6);
        // parked without a create: the account is already marked blocked
        accounts.changeStatus(accounts.find(acc).orElseThrow(), AccountStatus.ACCOUNT_BLOCKED, "blocked", Instant.now());
        h.send(IssuerFixtures.paid(acc, p, 1, 5000));
        h.drain();
        h.send(IssuerFixtures.paid(acc, p, 3, 5000));
        h.drain();
        assertThat(ledger.find(acc, p).orElseThrow().messageBody()).contains(IssuerFixtures.paid(acc, p, 3, 5000));

        sim.putAccount(key.reveal(), AccountUpdate.none().withState(AccountState.OK));
        runProbe();
        h.drain();
        assertThat(sim.documentsByOrderNumber(p)).singleElement()
                .satisfies(d -> assertThat(d.gross()).isEqualByComparingTo("15000"));
        assertThat(h.dlq()).isEmpty();
    }

    /** Path 7: with no time left for an Agent call, the batch hands every record back untouched. */
    @Test
    void aBatchWithoutTimeForAnAgentCallHandsItsRecordsBackUntouched() {
        String acc = IssuerHarness.id("deadline");
        h.connect(acc);
        List<String> ps = ids("D", 3);
        var batch = InvoiceIssuerWiring.over(h.config, clients)
                .withSettings(new hu.autoinvoice.issuer.IssuerSettings(Duration.ofSeconds(80), Duration.ofSeconds(80), 4,
                        Duration.ofMinutes(5), 10))
                .batch();
        List<hu.autoinvoice.issuer.IssuerBatch.Message> messages = ps.stream()
                .map(p -> new hu.autoinvoice.issuer.IssuerBatch.Message(p, IssuerFixtures.paid(acc, p, 1, 100))).toList();
        int documentsBefore = sim.documents().size();

        List<String> retried = batch.process(messages, () -> Duration.ofSeconds(79).toMillis());

        assertThat(retried).containsExactlyInAnyOrderElementsOf(ps);
        ps.forEach(p -> assertThat(ledger.find(acc, p)).as(p).isEmpty());
        assertThat(sim.documents()).hasSize(documentsBefore);
        assertThat(batch.process(messages, TimeBudget.of(Duration.ofMinutes(3)))).isEmpty();
        ps.forEach(p -> assertThat(ledger.find(acc, p).orElseThrow().state()).isEqualTo(LedgerState.ISSUED));
    }

    /**
     * Path 6: the account is reconnected with a key of another Számlázz.hu company. A refund of an invoice issued in the
     * first company is not sent to the second (where the same number may be another invoice): it fails for a person
     * with the refund in the DLQ; a re-sent purchase is not invoiced again in the new company.
     */
    @Test
    void anInvoiceOfThePreviousCompanyIsNeitherReversedNorIssuedAgainInTheNewOne() {
        String acc = IssuerHarness.id("other-co");
        AgentKey first = h.connect(acc);
        String p = "P-oc-" + UUID.randomUUID().toString().substring(0, 6);
        h.send(IssuerFixtures.paid(acc, p, 1, 7990));
        h.drain();
        String number = ledger.find(acc, p).orElseThrow().invoiceNumber().orElseThrow();

        AgentKey second = reconnect(acc, Optional.empty());
        String q = "P-oq-" + UUID.randomUUID().toString().substring(0, 6);
        h.send(IssuerFixtures.paid(acc, q, 1, 1000));
        h.drain();
        String refund = IssuerFixtures.refunded(acc, p);
        h.send(refund);
        h.drain();
        h.send(IssuerFixtures.paid(acc, p, 1, 7990)); // a redelivered purchase: a duplicate, not a new invoice
        h.drain();

        assertThat(h.dlq()).singleElement().satisfies(m -> {
            assertThat(m.body()).isEqualTo(refund);
            assertThat(m.messageAttributes().get("reason").stringValue()).isEqualTo(Reason.INVOICE_IN_OTHER_ACCOUNT.name());
            assertThat(m.messageAttributes().get("error").stringValue()).contains(number);
        });
        LedgerEntry entry = ledger.find(acc, p).orElseThrow();
        assertThat(entry.state()).isEqualTo(LedgerState.FAILED);
        assertThat(entry.invoiceNumber()).contains(number);
        assertThat(sim.documents()).as("no storno in either company").noneMatch(d -> d.type() == DocumentType.SS
                && (d.account().endsWith(first.hint()) || d.account().endsWith(second.hint())));
        assertThat(sim.documentsByOrderNumber(p)).as("the purchase is not invoiced again").singleElement()
                .satisfies(d -> assertThat(d.account()).endsWith(first.hint()));
        assertThat(open.count(acc).failed()).isEqualTo(1);
    }

    /** Path 6: a new key of the same company (another fingerprint): the invoice is found there and reversed. */
    @Test
    void anInvoiceOfTheSameCompanyUnderANewKeyIsVerifiedAndReversed() {
        String acc = IssuerHarness.id("same-co");
        AgentKey key = h.connect(acc);
        String p = "P-sc-" + UUID.randomUUID().toString().substring(0, 6);
        h.send(IssuerFixtures.paid(acc, p, 1, 7990));
        h.drain();
        reconnect(acc, Optional.of(key)); // same company (the simulator's account is the key), new fingerprint
        int queriesBefore = h.calls(AgentAction.QUERY_INVOICE);

        h.send(IssuerFixtures.refunded(acc, p));
        h.drain();

        assertReversedOnce(acc, p);
        assertThat(h.calls(AgentAction.QUERY_INVOICE) - queriesBefore).as("one look-up by number first").isEqualTo(1);
        assertThat(h.dlq()).isEmpty();
    }

    /**
     * Path 6: a create's reply is lost, then the account is reconnected with another company's key: the retry does not
     * create a second invoice in the new company; it fails for a person, who checks the previous one.
     */
    @Test
    void aCreateWithUnknownOutcomeUnderThePreviousKeyIsNotSentAgainToTheNewCompany() {
        String acc = IssuerHarness.id("lost-co");
        AgentKey first = h.connect(acc);
        String p = "P-lc-" + UUID.randomUUID().toString().substring(0, 6);
        h.sendWithLostCreateReply(IssuerFixtures.paid(acc, p, 1, 4990));
        AgentKey second = reconnect(acc, Optional.empty());
        h.drain();

        assertThat(sim.documentsByOrderNumber(p)).as("one invoice, in the previous company").singleElement()
                .satisfies(d -> assertThat(d.account()).endsWith(first.hint()));
        assertThat(sim.documents()).noneMatch(d -> d.account().endsWith(second.hint()));
        assertThat(h.dlq()).singleElement().satisfies(m -> assertThat(m.messageAttributes().get("reason").stringValue())
                .isEqualTo(Reason.UNCONFIRMED_UNDER_PREVIOUS_KEY.name()));
        assertThat(ledger.find(acc, p).orElseThrow().state()).isEqualTo(LedgerState.FAILED);
    }

    /**
     * Path 8: a lost reply, then the invoice is reversed in Számlázz.hu by hand before the retry: the query finds it
     * reversed, which is not adopted and not created again; the item ends FAILED with a reason for a person.
     */
    @Test
    void anInvoiceReversedOutsideAutoinvoiceIsNeitherAdoptedNorCreatedAgain() {
        String acc = IssuerHarness.id("outside");
        AgentKey key = h.connect(acc);
        String p = "P-out-" + UUID.randomUUID().toString().substring(0, 6);
        h.sendWithLostCreateReply(IssuerFixtures.paid(acc, p, 1, 4990));
        String number = sim.documentsByOrderNumber(p).getFirst().number();
        var manual = hu.autoinvoice.agent.SzamlaAgentClient.overHttp(
                hu.autoinvoice.agent.AgentHttpConfig.defaults(sim.url())).reverseInvoice(key, number, false, Optional.empty());
        assertThat(manual).isInstanceOf(hu.autoinvoice.agent.AgentResult.Ok.class);
        h.drain();

        assertThat(sim.documentsByOrderNumber(p)).extracting(SimDocument::type)
                .containsExactlyInAnyOrder(DocumentType.SZ, DocumentType.SS);
        assertThat(h.calls(AgentAction.CREATE_INVOICE)).as("never created again").isEqualTo(1);
        LedgerEntry entry = ledger.find(acc, p).orElseThrow();
        assertThat(entry.state()).isEqualTo(LedgerState.FAILED);
        assertThat(entry.reason()).contains(Reason.INVOICE_REVERSED_ELSEWHERE);
        assertThat(h.dlq()).singleElement().satisfies(m -> assertThat(m.messageAttributes().get("reason").stringValue())
                .isEqualTo(Reason.INVOICE_REVERSED_ELSEWHERE.name()));
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    /**
     * Saves the account again as a reconnect does: HEALTHY from now, a new key fingerprint; with {@code sameKey} the
     * key stays (a new key of the same company, as the issuer sees it), else a fresh key of another company.
     */
    private AgentKey reconnect(String acc, Optional<AgentKey> sameKey) {
        hu.autoinvoice.account.Account old = accounts.find(acc).orElseThrow();
        AgentKey key = sameKey.orElseGet(() -> {
            AgentKey fresh = hu.autoinvoice.testing.TestKeys.agentKey("co" + UUID.randomUUID().toString().substring(0, 8));
            sim.putAccount(fresh.reveal(), AccountUpdate.none());
            return fresh;
        });
        var vault = new hu.autoinvoice.account.AgentKeyVault(clients.kms(), h.config.agentKeyKmsKeyId());
        Instant now = Instant.now();
        var account = new hu.autoinvoice.account.Account(acc, vault.encrypt(acc, key), key.hint(), "fp-" + UUID.randomUUID(),
                old.eInvoice(), old.invoicePrefix(), AccountStatus.HEALTHY, "reconnected", now, Optional.empty(),
                now, Optional.empty(), old.version());
        assertThat(accounts.save(account, java.util.OptionalLong.of(old.version())))
                .isInstanceOf(hu.autoinvoice.account.AccountWrite.Written.class);
        return key;
    }

    private void assertReversedOnce(String acc, String p) {
        LedgerEntry entry = ledger.find(acc, p).orElseThrow();
        assertThat(entry.state()).as(p).isEqualTo(LedgerState.REVERSED);
        List<SimDocument> documents = sim.documentsByOrderNumber(p);
        assertThat(documents).as(p + ": one invoice and one storno").extracting(SimDocument::type)
                .containsExactlyInAnyOrder(DocumentType.SZ, DocumentType.SS);
        assertThat(entry.stornoNumber()).as(p).contains(documents.stream()
                .filter(d -> d.type() == DocumentType.SS).findFirst().orElseThrow().number());
    }

    private ProbeReport runProbe() {
        ProbeReport report = probe.run(TimeBudget.of(ProbeComponent.RUN_BUDGET));
        assertThat(report.completed()).isTrue();
        return report;
    }

    private static List<String> ids(String tag, int n) {
        String run = UUID.randomUUID().toString().substring(0, 6);
        return IntStream.rangeClosed(1, n).mapToObj(i -> "P-" + tag + run + "-" + i).toList();
    }
}
