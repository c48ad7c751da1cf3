package hu.autoinvoice.local.roundtrip;

import static org.assertj.core.api.Assertions.assertThat;

import hu.autoinvoice.testing.TestKeys;
import hu.autoinvoice.agent.AccountProblem;
import hu.autoinvoice.agent.AgentError;
import hu.autoinvoice.agent.AgentHttpConfig;
import hu.autoinvoice.agent.AgentKey;
import hu.autoinvoice.agent.AgentResult;
import hu.autoinvoice.agent.InvoiceData;
import hu.autoinvoice.agent.InvoicePreview;
import hu.autoinvoice.agent.IssuedDocument;
import hu.autoinvoice.agent.OutcomeClass;
import hu.autoinvoice.agent.SzamlaAgentClient;
import hu.autoinvoice.invoice.Buyer;
import hu.autoinvoice.invoice.BuyerType;
import hu.autoinvoice.invoice.InvoiceDraft;
import hu.autoinvoice.invoice.InvoiceLanguage;
import hu.autoinvoice.invoice.InvoiceLine;
import hu.autoinvoice.invoice.InvoiceSettings;
import hu.autoinvoice.invoice.PaymentMethod;
import hu.autoinvoice.invoice.VatRate;
import hu.autoinvoice.local.CiRequirement;
import hu.autoinvoice.local.agent.AccountState;
import hu.autoinvoice.local.agent.AccountUpdate;
import hu.autoinvoice.local.agent.AgentSimulator;
import hu.autoinvoice.local.agent.DocumentType;
import hu.autoinvoice.local.agent.Faults;
import hu.autoinvoice.local.agent.SimDocument;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real Számla Agent client (shared) against the simulator over real HTTP: one round trip per outcome class,
 * including the two that decide exactly-once issuing — the reply lost after the document was created, and the
 * client timing out — each followed by the query by external id that finds the document.
 */
class AgentClientRoundTripTest {

    private static final AgentKey KEY = TestKeys.agentKey("roundtrip00ab");
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private static AgentSimulator simulator;
    private static SzamlaAgentClient client;

    @BeforeAll
    static void start() {
        CiRequirement.vendorSchemas(); // the simulator validates every request against them
        simulator = AgentSimulator.start(0);
        client = SzamlaAgentClient.overHttp(
                AgentHttpConfig.defaults(simulator.url()).withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(800)));
    }

    @AfterAll
    static void stop() {
        if (simulator != null) {
            simulator.close();
        }
    }

    @BeforeEach
    void reset() {
        simulator.reset();
        simulator.putAccount(KEY.reveal(), AccountUpdate.none().withPrefixes(List.of("TIX")).withEInvoice(true)
                .withOrderNumberUnique(true));
    }

    @Test
    void createIsIssuedAndCanBeQueriedByEachSelector() {
        InvoiceDraft draft = draft();
        IssuedDocument issued = ok(client.createInvoice(KEY, paper(), draft));

        assertThat(issued.invoiceNumber()).startsWith("TIX-");
        assertThat(issued.grossTotal()).contains(new BigDecimal("24990"));
        assertThat(issued.netTotal()).contains(new BigDecimal("19677"));
        assertThat(issued.warningCode()).isEmpty();

        InvoiceData byExternalId = ok(client.queryByExternalId(KEY, draft.externalId()));
        InvoiceData byOrder = ok(client.queryByOrderNumber(KEY, draft.orderNumber()));
        InvoiceData byNumber = ok(client.queryByNumber(KEY, issued.invoiceNumber()));
        for (InvoiceData found : List.of(byExternalId, byOrder, byNumber)) {
            assertThat(found.invoiceNumber()).isEqualTo(issued.invoiceNumber());
            assertThat(found.orderNumber()).contains(draft.orderNumber());
            assertThat(found.reversed()).isFalse();
            assertThat(found.isStorno()).isFalse();
        }
        SimDocument stored = simulator.documentsByExternalId(draft.externalId()).getFirst();
        assertThat(stored.buyerName()).isEqualTo("Kiss Anna");
        assertThat(stored.eInvoice()).isFalse();
    }

    @Test
    void aQueryForWhatDoesNotExistIsNotFound() {
        AgentError error = failed(client.queryByExternalId(KEY, "ai:sentinel:does-not-exist"));
        assertThat(error.outcomeClass()).isEqualTo(OutcomeClass.NOT_FOUND);
        assertThat(error.code()).hasValue(7);
    }

    @Test
    void accountProblemsAreAccountOutcomesWithTheirMeaning() {
        AgentKey unknown = TestKeys.agentKey("unknown0042");
        assertAccountProblem(client.queryByExternalId(unknown, "ai:x:y"), 3, AccountProblem.KEY_REJECTED);

        simulator.putAccount(KEY.reveal(), AccountUpdate.none().withState(AccountState.BLOCKED));
        assertAccountProblem(client.queryByExternalId(KEY, "ai:x:y"), 136, AccountProblem.ACCOUNT_BLOCKED);
        assertAccountProblem(client.createInvoice(KEY, paper(), draft()), 136, AccountProblem.ACCOUNT_BLOCKED);

        simulator.putAccount(KEY.reveal(), AccountUpdate.none().withState(AccountState.DELETED));
        assertAccountProblem(client.createInvoice(KEY, paper(), draft()), 3, AccountProblem.KEY_REJECTED);

        simulator.putAccount(KEY.reveal(), AccountUpdate.none().withState(AccountState.OK).withEInvoice(false));
        assertAccountProblem(client.previewInvoice(KEY, new InvoiceSettings(true, Optional.empty()), draft()), 54,
                AccountProblem.EINVOICE_NOT_ALLOWED);
        assertAccountProblem(client.previewInvoice(KEY, new InvoiceSettings(false, Optional.of("NOPE")), draft()), 202,
                AccountProblem.PREFIX_INVALID);

        assertThat(simulator.documents()).isEmpty();
    }

    @Test
    void wrongArithmeticIsADataError() {
        InvoiceDraft good = draft();
        InvoiceLine line = good.lines().getFirst();
        InvoiceLine off = new InvoiceLine(line.name(), line.quantity(), line.unit(), line.netUnitPrice().add(BigDecimal.TEN),
                line.vatRate(), line.netAmount(), line.vatAmount(), line.grossAmount(), line.comment());
        InvoiceDraft bad = good.withLines(List.of(off));

        AgentError error = failed(client.createInvoice(KEY, paper(), bad));
        assertThat(error.outcomeClass()).isEqualTo(OutcomeClass.DATA);
        assertThat(error.code()).hasValue(259);
        assertThat(simulator.documents()).isEmpty();
    }

    @Test
    void aSecondInvoiceForTheSameOrderIsADuplicateOrder() {
        InvoiceDraft first = draft();
        ok(client.createInvoice(KEY, paper(), first));
        InvoiceLine one = first.lines().getFirst();
        InvoiceLine two = new InvoiceLine(one.name(), new BigDecimal("2"), one.unit(), one.netUnitPrice(), one.vatRate(),
                new BigDecimal("39354"), new BigDecimal("10626"), new BigDecimal("49980"), one.comment());
        InvoiceDraft again = first.withExternalId(first.externalId() + "-2").withLines(List.of(two)); // another total

        AgentError error = failed(client.createInvoice(KEY, paper(), again));
        assertThat(error.outcomeClass()).isEqualTo(OutcomeClass.DUPLICATE_ORDER);
        assertThat(error.code()).hasValue(152);
        assertThat(ok(client.queryByOrderNumber(KEY, first.orderNumber())).orderNumber()).contains(first.orderNumber());
    }

    @Test
    void anEquivalentResendForTheSameOrderIsAnsweredWithTheFirstInvoiceOrWith152WhenReplayIsOff() {
        InvoiceDraft first = draft();
        IssuedDocument issued = ok(client.createInvoice(KEY, paper(), first));

        IssuedDocument replayed = ok(client.createInvoice(KEY, paper(), first.withExternalId(first.externalId() + "-2")));
        simulator.putAccount(KEY.reveal(), AccountUpdate.none().withOrderNumberReplay(false));
        AgentError refused = failed(client.createInvoice(KEY, paper(), first));

        assertThat(replayed.invoiceNumber()).isEqualTo(issued.invoiceNumber());
        assertThat(replayed.grossTotal()).isEqualTo(issued.grossTotal());
        assertThat(refused.outcomeClass()).isEqualTo(OutcomeClass.DUPLICATE_ORDER);
        assertThat(refused.code()).hasValue(152);
        assertThat(simulator.documentsByOrderNumber(first.orderNumber())).singleElement()
                .satisfies(d -> assertThat(d.externalId()).isEqualTo(first.externalId()));
        assertThat(simulator.stats().replays()).isEqualTo(1);
    }

    @Test
    void maintenanceAndServiceDownAreTransientAndCreateNothing() {
        simulator.setFaults(Faults.none().withTransientRate(1.0));
        AgentError maintenance = failed(client.createInvoice(KEY, paper(), draft()));
        assertThat(maintenance.outcomeClass()).isEqualTo(OutcomeClass.TRANSIENT);
        assertThat(maintenance.code()).hasValue(1);

        simulator.setFaults(Faults.none().withDownRate(1.0));
        assertThat(failed(client.createInvoice(KEY, paper(), draft())).outcomeClass()).isEqualTo(OutcomeClass.TRANSIENT);

        assertThat(simulator.documents()).isEmpty();
    }

    @Test
    void aLostReplyIsTransientButTheInvoiceExistsAndIsFoundByExternalId() {
        InvoiceDraft draft = draft();
        simulator.setFaults(Faults.none().withLostReplyRate(1.0));

        AgentError error = failed(client.createInvoice(KEY, paper(), draft));
        assertThat(error.outcomeClass()).isEqualTo(OutcomeClass.TRANSIENT);

        simulator.setFaults(Faults.none());
        InvoiceData found = ok(client.queryByExternalId(KEY, draft.externalId()));
        assertThat(simulator.documentsByExternalId(draft.externalId())).singleElement()
                .extracting(SimDocument::number).isEqualTo(found.invoiceNumber());
        assertThat(simulator.stats().lostReplies()).isEqualTo(1);
    }

    @Test
    void aTimeoutIsTransientAndTheSlowCreateIsFoundAfterwards() throws InterruptedException {
        InvoiceDraft draft = draft();
        simulator.setFaults(Faults.none().withLatencyMs(1_500));

        AgentError error = failed(client.createInvoice(KEY, paper(), draft));
        assertThat(error.outcomeClass()).isEqualTo(OutcomeClass.TRANSIENT);

        simulator.setFaults(Faults.none());
        // the server finishes the create after our client gave up, as the real vendor can
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (simulator.documentsByExternalId(draft.externalId()).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(ok(client.queryByExternalId(KEY, draft.externalId())).orderNumber()).contains(draft.orderNumber());
    }

    @Test
    void stornoReversesOnceAndAStornoCannotBeReversed() {
        IssuedDocument issued = ok(client.createInvoice(KEY, new InvoiceSettings(true, Optional.of("TIX")), draft()));

        IssuedDocument storno = ok(client.reverseInvoice(KEY, issued.invoiceNumber(), true, Optional.of("event cancelled")));
        assertThat(storno.invoiceNumber()).isNotEqualTo(issued.invoiceNumber());
        assertThat(storno.grossTotal()).hasValueSatisfying(gross -> assertThat(gross).isNegative());

        IssuedDocument again = ok(client.reverseInvoice(KEY, issued.invoiceNumber(), true, Optional.empty()));
        assertThat(again.invoiceNumber()).isEqualTo(storno.invoiceNumber());
        assertThat(simulator.documents()).filteredOn(d -> d.type() == DocumentType.SS).hasSize(1);
        assertThat(ok(client.queryByNumber(KEY, issued.invoiceNumber())).reversed()).isTrue();

        AgentError error = failed(client.reverseInvoice(KEY, storno.invoiceNumber(), true, Optional.empty()));
        assertThat(error.outcomeClass()).isEqualTo(OutcomeClass.DATA);
        assertThat(error.code()).hasValue(14);
    }

    @Test
    void previewReturnsAPdfAndCreatesNothing() {
        InvoicePreview preview = ok(client.previewInvoice(KEY, new InvoiceSettings(true, Optional.of("TIX")), draft()));
        assertThat(preview.pdf()).hasValueSatisfying(pdf -> assertThat(new String(pdf, 0, 5)).isEqualTo("%PDF-"));
        assertThat(simulator.documents()).isEmpty();
        assertThat(simulator.stats().previews()).isEqualTo(1);
    }

    @Test
    void thePdfOfAnIssuedInvoiceCanBeFetched() {
        IssuedDocument issued = ok(client.createInvoice(KEY, paper(), draft()));
        IssuedDocument withPdf = ok(client.invoicePdf(KEY, issued.invoiceNumber()));
        assertThat(withPdf.pdf()).hasValueSatisfying(pdf -> assertThat(new String(pdf, 0, 5)).isEqualTo("%PDF-"));
    }

    private static void assertAccountProblem(AgentResult<?> result, int code, AccountProblem problem) {
        AgentError error = failed(result);
        assertThat(error.outcomeClass()).isEqualTo(OutcomeClass.ACCOUNT);
        assertThat(error.code()).hasValue(code);
        assertThat(error.accountProblem()).contains(problem);
        assertThat(error.message()).doesNotContain(KEY.reveal());
    }

    private static <T> T ok(AgentResult<T> result) {
        assertThat(result).as("%s", result).isInstanceOf(AgentResult.Ok.class);
        return ((AgentResult.Ok<T>) result).value();
    }

    private static AgentError failed(AgentResult<?> result) {
        assertThat(result).as("%s", result).isInstanceOf(AgentResult.Failed.class);
        return ((AgentResult.Failed<?>) result).error();
    }

    private static InvoiceSettings paper() {
        return new InvoiceSettings(false, Optional.empty());
    }

    /** One 24 990 HUF ticket at 27 %, gross-priced: net 19 677, VAT 5 313 — a fresh purchase id per call. */
    private static InvoiceDraft draft() {
        String purchaseId = "P-RT-" + SEQUENCE.incrementAndGet();
        Buyer buyer = new Buyer(BuyerType.PERSON, "Kiss Anna", Optional.of("anna@example.hu"), false, "HU", "1051",
                "Budapest", "Október 6. utca 7.", Optional.empty(), Optional.empty());
        InvoiceLine line = new InvoiceLine("Napijegy — Sziget 2027", BigDecimal.ONE, "db", new BigDecimal("19677"),
                new VatRate("27", new BigDecimal("27")), new BigDecimal("19677"), new BigDecimal("5313"),
                new BigDecimal("24990"), Optional.of("2027-08-11"));
        LocalDate day = LocalDate.of(2026, 11, 27);
        return new InvoiceDraft("ai:org-rt:" + purchaseId, purchaseId, day, day, PaymentMethod.CARD, true, "HUF",
                Optional.empty(), InvoiceLanguage.HU, Optional.empty(), buyer, List.of(line));
    }
}
