package hu.autoinvoice.agent;

import static hu.autoinvoice.agent.AgentFixtures.KEY;
import static hu.autoinvoice.agent.AgentResponseParserTest.failed;
import static hu.autoinvoice.agent.AgentResponseParserTest.ok;
import static hu.autoinvoice.agent.AgentResponseParserTest.reply;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** xmlnyugtavalasz / xmlnyugtasendvalasz answers into receipt results; refusals through the one code table. */
class ReceiptResponseParserTest {

    private final AgentResponseParser parser = new AgentResponseParser();

    private static byte[] xml(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String refusal(int code, String message) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><xmlnyugtavalasz xmlns=\"http://www.szamlazz.hu/xmlnyugtavalasz\">"
                + "<sikeres>false</sikeres><hibakod>" + code + "</hibakod><hibauzenet>" + message
                + "</hibauzenet></xmlnyugtavalasz>";
    }

    @Test
    void theVendorSampleIsAReceipt() throws IOException {
        byte[] body = Files.readAllBytes(AgentFixtures.responseSamplesOrSkip().resolve("xmlnyugtavalasz.xml"));

        IssuedReceipt receipt = ok(parser.receipt(reply(200, Map.of(), body), KEY));

        assertThat(receipt.number()).isEqualTo("NYGT-2017-123");
        assertThat(receipt.type()).isEqualTo(IssuedReceipt.ReceiptType.RECEIPT);
        assertThat(receipt.reversed()).isFalse();
        assertThat(receipt.reverses()).contains("NYGT-2017-100");
        assertThat(receipt.grossTotal()).isEqualByComparingTo("254");
        assertThat(receipt.netTotal()).isEqualByComparingTo("200");
        assertThat(receipt.callId()).isEmpty(); // an empty element is no call id
    }

    @Test
    void aStornoAnswer() {
        String body = "<xmlnyugtavalasz xmlns=\"http://www.szamlazz.hu/xmlnyugtavalasz\"><sikeres>true</sikeres>"
                + "<nyugta><alap><id>2</id><hivasAzonosito>c-1</hivasAzonosito><nyugtaszam>NYGT-2026-2</nyugtaszam>"
                + "<tipus>SN</tipus><stornozott>false</stornozott><stornozottNyugtaszam>NYGT-2026-1</stornozottNyugtaszam>"
                + "<kelt>2026-11-27</kelt><fizmod>bankkártya</fizmod><penznem>HUF</penznem><teszt>true</teszt>"
                + "<rendelesSzam>P-1</rendelesSzam></alap><tetelek/><osszegek><totalossz><netto>-3929.13</netto>"
                + "<afa>-1060.87</afa><brutto>-4990</brutto></totalossz></osszegek></nyugta></xmlnyugtavalasz>";

        IssuedReceipt storno = ok(parser.receipt(reply(200, Map.of(), xml(body)), KEY));

        assertThat(storno.type()).isEqualTo(IssuedReceipt.ReceiptType.STORNO);
        assertThat(storno.reverses()).contains("NYGT-2026-1");
        assertThat(storno.callId()).contains("c-1");
        assertThat(storno.orderNumber()).contains("P-1");
        assertThat(storno.grossTotal()).isEqualByComparingTo("-4990");
        assertThat(storno.vatTotal()).isEqualByComparingTo("-1060.87");
        assertThat(storno.pdf()).isEmpty();
    }

    @Test
    void refusalsAreClassifiedByTheCodeTable() {
        AgentError repeat = failed(parser.receipt(reply(200, Map.of(), xml(refusal(338,
                "A hívásazonosító már létezik"))), KEY));
        assertThat(repeat.outcomeClass()).isEqualTo(OutcomeClass.DUPLICATE_ORDER);
        assertThat(repeat.known()).contains(AgentErrorCode.RECEIPT_CALL_ID_EXISTS);
        AgentError prefix = failed(parser.receipt(reply(200, Map.of(), xml(refusal(336, "x"))), KEY));
        assertThat(prefix.outcomeClass()).isEqualTo(OutcomeClass.ACCOUNT);
        assertThat(prefix.accountProblem()).contains(AccountProblem.PREFIX_INVALID);
        assertThat(failed(parser.receipt(reply(200, Map.of(), xml(refusal(363, "x"))), KEY)).outcomeClass())
                .isEqualTo(OutcomeClass.DATA);
        assertThat(failed(parser.receipt(reply(200, Map.of(), xml(refusal(136, "x"))), KEY)).outcomeClass())
                .isEqualTo(OutcomeClass.ACCOUNT);
        assertThat(failed(parser.receipt(reply(200, Map.of(), xml(refusal(1, "x"))), KEY)).outcomeClass())
                .isEqualTo(OutcomeClass.TRANSIENT);
        assertThat(failed(parser.receipt(reply(200, Map.of(), xml(refusal(341, "x"))), KEY)).outcomeClass())
                .isEqualTo(OutcomeClass.UNKNOWN);
        // the key is scrubbed from a message that echoes it
        assertThat(failed(parser.receipt(reply(200, Map.of(), xml(refusal(57, "bad " + KEY.reveal()))), KEY))
                .message()).doesNotContain(KEY.reveal());
    }

    @Test
    void aSuccessWithoutNumberTypeOrTotalsIsUnknown() {
        String noTotals = "<xmlnyugtavalasz><sikeres>true</sikeres><nyugta><alap><nyugtaszam>N-2026-1</nyugtaszam>"
                + "<tipus>NY</tipus></alap></nyugta></xmlnyugtavalasz>";
        String noNumber = "<xmlnyugtavalasz><sikeres>true</sikeres></xmlnyugtavalasz>";
        String badType = noTotals.replace("<tipus>NY</tipus>", "<tipus>SZ</tipus>");

        for (String body : new String[] {noTotals, noNumber, badType}) {
            assertThat(failed(parser.receipt(reply(200, Map.of(), xml(body)), KEY)).outcomeClass()).as(body)
                    .isEqualTo(OutcomeClass.UNKNOWN);
        }
    }

    @Test
    void anInvoiceReplyWhereAReceiptWasExpectedIsUnknownAndViceVersa() {
        String invoice = "<xmlszamlavalasz xmlns=\"http://www.szamlazz.hu/xmlszamlavalasz\"><sikeres>true</sikeres>"
                + "<szamlaszam>TIX-2026-1</szamlaszam></xmlszamlavalasz>";
        assertThat(failed(parser.receipt(reply(200, Map.of(), xml(invoice)), KEY)).outcomeClass())
                .isEqualTo(OutcomeClass.UNKNOWN);
        assertThat(failed(parser.receipt(reply(200, Map.of(), xml("xmlagentresponse=DONE;TIX-2026-1")), KEY))
                .outcomeClass()).isEqualTo(OutcomeClass.UNKNOWN);
        String receipt = "<xmlnyugtavalasz xmlns=\"http://www.szamlazz.hu/xmlnyugtavalasz\"><sikeres>true</sikeres>"
                + "</xmlnyugtavalasz>";
        assertThat(failed(parser.document(reply(200, Map.of(), xml(receipt)), KEY)).message())
                .isEqualTo("unexpected receipt reply");
    }

    @Test
    void sendAnswers() throws IOException {
        var samples = AgentFixtures.responseSamplesOrSkip();
        assertThat(ok(parser.receiptSent(reply(200, Map.of(),
                Files.readAllBytes(samples.resolve("xmlnyugtasendvalasz.xml"))), KEY))).isTrue();
        AgentError error = failed(parser.receiptSent(reply(200, Map.of(),
                Files.readAllBytes(samples.resolve("xmlnyugtasendvalasz_error.xml"))), KEY));
        assertThat(error.code()).hasValue(7);
        assertThat(error.message()).isEqualTo("Hiányzó adat: emailtargy elem.");
    }

    @Test
    void headersDecideBeforeTheBody() {
        AgentError error = failed(parser.receipt(reply(200, Map.of("szlahu_error_code", "338", "szlahu_error",
                "A+h%C3%ADv%C3%A1sazonos%C3%ADt%C3%B3+m%C3%A1r+l%C3%A9tezik"), xml(refusal(338, "x"))), KEY));
        assertThat(error.known()).contains(AgentErrorCode.RECEIPT_CALL_ID_EXISTS);
        assertThat(error.message()).isEqualTo("A hívásazonosító már létezik");
        assertThat(failed(parser.receipt(reply(200, Map.of("szlahu_down", "true"), xml("")), KEY)).outcomeClass())
                .isEqualTo(OutcomeClass.TRANSIENT);
    }
}
