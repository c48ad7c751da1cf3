package hu.autoinvoice.local.roundtrip;

import static org.assertj.core.api.Assertions.assertThat;

import hu.autoinvoice.agent.AccountProblem;
import hu.autoinvoice.agent.AgentError;
import hu.autoinvoice.agent.AgentErrorCode;
import hu.autoinvoice.agent.AgentHttpConfig;
import hu.autoinvoice.agent.AgentKey;
import hu.autoinvoice.agent.AgentResult;
import hu.autoinvoice.agent.IssuedReceipt;
import hu.autoinvoice.agent.OutcomeClass;
import hu.autoinvoice.agent.ReceiptSelector;
import hu.autoinvoice.agent.SzamlaAgentClient;
import hu.autoinvoice.invoice.CallId;
import hu.autoinvoice.invoice.PaymentMethod;
import hu.autoinvoice.invoice.ReceiptDraft;
import hu.autoinvoice.invoice.ReceiptLine;
import hu.autoinvoice.invoice.VatRate;
import hu.autoinvoice.local.CiRequirement;
import hu.autoinvoice.local.agent.AccountState;
import hu.autoinvoice.local.agent.AccountUpdate;
import hu.autoinvoice.local.agent.AgentSimulator;
import hu.autoinvoice.local.agent.DocumentType;
import hu.autoinvoice.local.agent.Faults;
import hu.autoinvoice.local.agent.SimDocument;
import hu.autoinvoice.testing.TestKeys;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The real client's receipt methods against the simulator over real HTTP (every request validated against the vendor
 * XSD there). The statement for a repeat: a second create under a call id the vendor has seen is refused with 338
 * ({@link OutcomeClass#DUPLICATE_ORDER}, nothing created, the existing receipt not in the answer), and a get by the
 * same call id returns the first receipt.
 */
class ReceiptClientRoundTripTest {

    private static final AgentKey KEY = TestKeys.agentKey("receipt00abcd");
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final VatRate VAT_27 = new VatRate("27", new BigDecimal("27"));

    private static AgentSimulator simulator;
    private static SzamlaAgentClient client;

    @BeforeAll
    static void start() {
        CiRequirement.vendorSchemas();
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
        simulator.putAccount(KEY.reveal(), AccountUpdate.none().withPrefixes(List.of("TIX")));
    }

    private static ReceiptDraft draft(ReceiptLine... lines) {
        String purchase = "P-" + SEQUENCE.incrementAndGet();
        return new ReceiptDraft("NYGT", CallId.of("org-42", purchase), PaymentMethod.CARD, "HUF",
                Optional.of(purchase), Optional.empty(),
                lines.length == 0 ? List.of(line("4990", "1", VAT_27)) : List.of(lines));
    }

    private static ReceiptLine line(String grossUnitPrice, String quantity, VatRate vat) {
        return ReceiptLine.ofGross("Belépőjegy", new BigDecimal(quantity), "db", new BigDecimal(grossUnitPrice), vat,
                "HUF");
    }

    @Test
    void aRepeatedCreateIs338AndFindReceiptByTheCallIdReturnsTheFirst() {
        ReceiptDraft draft = draft();
        IssuedReceipt first = ok(client.createReceipt(KEY, draft));
        assertThat(first.number()).startsWith("NYGT-").endsWith("-1");
        assertThat(first.type()).isEqualTo(IssuedReceipt.ReceiptType.RECEIPT);
        assertThat(first.callId()).contains(draft.callId().value());
        assertThat(first.grossTotal()).isEqualByComparingTo("4990");
        assertThat(first.netTotal().add(first.vatTotal())).isEqualByComparingTo(first.grossTotal());

        AgentError repeat = failed(client.createReceipt(KEY, draft));

        assertThat(repeat.outcomeClass()).isEqualTo(OutcomeClass.DUPLICATE_ORDER);
        assertThat(repeat.known()).contains(AgentErrorCode.RECEIPT_CALL_ID_EXISTS);
        assertThat(simulator.receipts()).hasSize(1);
        IssuedReceipt found = ok(client.findReceipt(KEY, draft.callId()));
        assertThat(found.number()).isEqualTo(first.number());
        assertThat(found.grossTotal()).isEqualByComparingTo(first.grossTotal());
    }

    @Test
    void aLostReplyIsRecoveredByTheCallIdNotByASecondReceipt() {
        ReceiptDraft draft = draft();
        simulator.setFaults(Faults.none().withLostReplyRate(1.0));

        AgentError lost = failed(client.createReceipt(KEY, draft));

        assertThat(lost.outcomeClass()).isEqualTo(OutcomeClass.TRANSIENT);
        simulator.setFaults(Faults.none());
        assertThat(failed(client.createReceipt(KEY, draft)).outcomeClass()).isEqualTo(OutcomeClass.DUPLICATE_ORDER);
        assertThat(ok(client.findReceipt(KEY, draft.callId())).number())
                .isEqualTo(simulator.receipts().getFirst().number());
        assertThat(simulator.receipts()).hasSize(1);
    }

    @Test
    void findReceiptOfAnUnknownCallIdIsNotFound() {
        AgentError error = failed(client.findReceipt(KEY, CallId.of("org-42", "never-sold")));

        assertThat(error.outcomeClass()).isEqualTo(OutcomeClass.NOT_FOUND);
        assertThat(error.code()).hasValue(339);
    }

    @Test
    void reverseReceiptMakesTheStornoAndTheOriginalIsReversed() {
        IssuedReceipt receipt = ok(client.createReceipt(KEY, draft()));

        IssuedReceipt storno = ok(client.reverseReceipt(KEY, receipt.number(), Optional.empty()));

        assertThat(storno.type()).isEqualTo(IssuedReceipt.ReceiptType.STORNO);
        assertThat(storno.reverses()).contains(receipt.number());
        assertThat(storno.grossTotal()).isEqualByComparingTo("-4990");
        assertThat(ok(client.reverseReceipt(KEY, receipt.number(), Optional.empty())).number())
                .isEqualTo(storno.number());
        IssuedReceipt original = ok(client.receipt(KEY, new ReceiptSelector.ByNumber(receipt.number()), true));
        assertThat(original.reversed()).isTrue();
        assertThat(original.pdf()).hasValueSatisfying(pdf -> assertThat(new String(pdf, 0, 5)).isEqualTo("%PDF-"));
        assertThat(failed(client.reverseReceipt(KEY, storno.number(), Optional.empty())).code()).hasValue(14);
        assertThat(simulator.receipts()).extracting(SimDocument::type)
                .containsExactly(DocumentType.NY, DocumentType.SN);
    }

    @Test
    void sendReceiptIsRecorded() {
        IssuedReceipt receipt = ok(client.createReceipt(KEY, draft()));

        assertThat(ok(client.sendReceipt(KEY, receipt.number(), "vevo@example.hu", "Nyugta", Optional.empty())))
                .isTrue();

        assertThat(simulator.receiptEmails()).singleElement()
                .satisfies(e -> assertThat(e.to()).isEqualTo("vevo@example.hu"));
    }

    @Test
    void accountAndPrefixRefusalsAreClassified() {
        ReceiptDraft onInvoicePrefix = new ReceiptDraft("TIX", CallId.of("org-42", "P-x"), PaymentMethod.CARD, "HUF",
                Optional.empty(), Optional.empty(), List.of(line("100", "1", VAT_27)));
        AgentError prefix = failed(client.createReceipt(KEY, onInvoicePrefix));
        assertThat(prefix.known()).contains(AgentErrorCode.RECEIPT_PREFIX_USED_FOR_INVOICES);
        // the receipt prefix is the account's setting: an account refusal (its items park), like the invoice prefix's
        assertThat(prefix.outcomeClass()).isEqualTo(OutcomeClass.ACCOUNT);
        assertThat(prefix.accountProblem()).contains(AccountProblem.PREFIX_INVALID);

        simulator.putAccount(KEY.reveal(), AccountUpdate.none().withState(AccountState.BLOCKED));
        assertThat(failed(client.createReceipt(KEY, draft())).outcomeClass()).isEqualTo(OutcomeClass.ACCOUNT);
        assertThat(failed(client.findReceipt(KEY, CallId.of("org-42", "P-y"))).outcomeClass())
                .isEqualTo(OutcomeClass.ACCOUNT);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "one ticket at 27%            | 4990:1:27                              | 4990",
        "three tickets on one line    | 4990:3:27                              | 14970",
        "27%, 5%, 0% and AAM          | 4990:2:27, 1990:1:5, 300:1:0, 1000:1:AAM | 13270",
        "one forint                   | 1:1:27                                 | 1",
        "fractional price, rounded    | 1234.5:1:27, 1234.4:2:18               | 3704",
        "many small lines             | 333:1:27, 333:1:27, 333:1:27, 333:1:5, 333:1:5 | 1665"})
    void grossOnlyLinesAreAcceptedAndAddUpToWhatWasPaid(String name, String lines, String gross) {
        List<ReceiptLine> computed = java.util.Arrays.stream(lines.split(",")).map(String::strip).map(spec -> {
            String[] p = spec.split(":");
            VatRate vat = p[2].equals("AAM") ? new VatRate("AAM", BigDecimal.ZERO) : new VatRate(p[2], new BigDecimal(p[2]));
            return line(p[0], p[1], vat);
        }).toList();

        IssuedReceipt receipt = ok(client.createReceipt(KEY, draft(computed.toArray(ReceiptLine[]::new))));

        assertThat(receipt.grossTotal()).isEqualByComparingTo(gross);
        assertThat(receipt.grossTotal().stripTrailingZeros().scale()).isLessThanOrEqualTo(0);
        assertThat(receipt.netTotal().add(receipt.vatTotal())).isEqualByComparingTo(receipt.grossTotal());
        assertThat(receipt.netTotal()).isEqualByComparingTo(
                computed.stream().map(ReceiptLine::netAmount).reduce(BigDecimal.ZERO, BigDecimal::add));
    }

    @SuppressWarnings("unchecked")
    private static <T> T ok(AgentResult<T> result) {
        assertThat(result).as("%s", result).isInstanceOf(AgentResult.Ok.class);
        return ((AgentResult.Ok<T>) result).value();
    }

    private static AgentError failed(AgentResult<?> result) {
        assertThat(result).as("%s", result).isInstanceOf(AgentResult.Failed.class);
        return ((AgentResult.Failed<?>) result).error();
    }
}
