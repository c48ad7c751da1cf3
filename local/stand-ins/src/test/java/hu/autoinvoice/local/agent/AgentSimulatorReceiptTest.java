package hu.autoinvoice.local.agent;

import static hu.autoinvoice.local.agent.ReceiptRequestXml.CREATE;
import static hu.autoinvoice.local.agent.ReceiptRequestXml.GET;
import static hu.autoinvoice.local.agent.ReceiptRequestXml.SEND;
import static hu.autoinvoice.local.agent.ReceiptRequestXml.STORNO;
import static hu.autoinvoice.local.agent.ReceiptRequestXml.grossLine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The receipt (nyugta) actions over real HTTP: every request valid against its vendor XSD, every answer too. */
class AgentSimulatorReceiptTest extends SimulatorTestBase {

    private static ReceiptRequestXml receipt() {
        return ReceiptRequestXml.receipt(KEY);
    }

    /** Sends a request after checking it against the vendor's request XSD (the tests' own requests must be valid). */
    private static SimHttp.Answer send(String action, String root, byte[] xml) throws Exception {
        assertThat(SimHttp.requireSchemas().validateRequest(root, xml)).as(new String(xml, StandardCharsets.UTF_8))
                .isEmpty();
        return answer(action, xml);
    }

    /** Sends without the request check; validates the answer against xmlnyugtavalasz / xmlnyugtasendvalasz. */
    private static SimHttp.Answer answer(String action, byte[] xml) throws Exception {
        SimHttp.Answer answer = http.agent(action, xml);
        assertThat(answer.status()).isEqualTo(200);
        SimHttp.assertValidResponse(action.equals(SEND) ? "xmlnyugtasendvalasz" : "xmlnyugtavalasz", answer.body());
        return answer;
    }

    private static SimHttp.Answer create(ReceiptRequestXml request) throws Exception {
        return send(CREATE, "xmlnyugtacreate", request.bytes());
    }

    private static String issued(ReceiptRequestXml request) throws Exception {
        SimHttp.Answer answer = create(request);
        assertThat(answer.xmlText("sikeres")).as(answer.text()).isEqualTo("true");
        return answer.xmlText("nyugta", "alap", "nyugtaszam");
    }

    private static void assertRefused(SimHttp.Answer answer, int code) {
        assertThat(answer.xmlText("sikeres")).as(answer.text()).isEqualTo("false");
        assertThat(answer.xmlText("hibakod")).isEqualTo(Integer.toString(code));
        assertThat(answer.header("szlahu_error_code")).contains(Integer.toString(code));
        assertThat(answer.xmlText("nyugta")).isNull();
    }

    @Test
    void createAnswersTheReceiptInTheVendorShape() throws Exception {
        SimHttp.Answer answer = create(receipt().callId("ai:org-1:P-1").orderNumber("P-1"));

        assertThat(answer.header("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/xml"));
        assertThat(answer.xml().getLocalName()).isEqualTo("xmlnyugtavalasz");
        assertThat(answer.xml().getNamespaceURI()).isEqualTo("http://www.szamlazz.hu/xmlnyugtavalasz");
        assertThat(answer.xmlText("sikeres")).isEqualTo("true");
        assertThat(answer.xmlText("nyugta", "alap", "nyugtaszam")).isEqualTo("NYGT-2026-1");
        assertThat(answer.xmlText("nyugta", "alap", "tipus")).isEqualTo("NY");
        assertThat(answer.xmlText("nyugta", "alap", "stornozott")).isEqualTo("false");
        assertThat(answer.xmlText("nyugta", "alap", "hivasAzonosito")).isEqualTo("ai:org-1:P-1");
        assertThat(answer.xmlText("nyugta", "alap", "rendelesSzam")).isEqualTo("P-1");
        assertThat(answer.xmlText("nyugta", "alap", "kelt")).isEqualTo("2026-11-27");
        assertThat(answer.xmlText("nyugta", "alap", "penznem")).isEqualTo("HUF");
        assertThat(answer.xmlText("nyugta", "tetelek", "tetel", "netto")).isEqualTo("3929.13");
        assertThat(answer.xmlText("nyugta", "tetelek", "tetel", "afa")).isEqualTo("1060.87");
        assertThat(answer.xmlText("nyugta", "osszegek", "totalossz", "brutto")).isEqualTo("4990");
        assertThat(answer.xmlText("nyugtaPdf")).isNull();
        assertThat(simulator.receipts()).singleElement().satisfies(d -> {
            assertThat(d.type()).isEqualTo(DocumentType.NY);
            assertThat(d.callId()).isEqualTo("ai:org-1:P-1");
            assertThat(d.gross()).isEqualByComparingTo("4990");
        });
        assertThat(simulator.stats().receipts()).isEqualTo(1);
        assertThat(simulator.stats().creates()).isZero();
    }

    @Test
    void receiptsAreNumberedPerPrefixAndAccountApartFromInvoices() throws Exception {
        simulator.putAccount(OTHER_KEY, AccountUpdate.none());
        http.agent(SimHttp.CREATE, invoice().bytes()); // TIX-2026-1

        assertThat(issued(receipt())).isEqualTo("NYGT-2026-1");
        assertThat(issued(receipt())).isEqualTo("NYGT-2026-2");
        assertThat(issued(receipt().prefix("JEGY2"))).isEqualTo("JEGY2-2026-1");
        assertThat(issued(ReceiptRequestXml.receipt(OTHER_KEY))).isEqualTo("NYGT-2026-1");
        assertThat(simulator.documents()).extracting(SimDocument::type)
                .containsExactly(DocumentType.SZ, DocumentType.NY, DocumentType.NY, DocumentType.NY, DocumentType.NY);
    }

    @Test
    void aRepeatedCallIdIsRefusedWith338AndTheReceiptIsFoundByTheCallId() throws Exception {
        String first = issued(receipt().callId("ai:org-1:P-7"));

        SimHttp.Answer repeat = create(receipt().callId("ai:org-1:P-7"));

        assertRefused(repeat, 338);
        assertThat(repeat.xmlText("hibauzenet")).isEqualTo("A hívásazonosító már létezik");
        assertThat(simulator.receipts()).hasSize(1);
        // a different payload under the same call id is refused the same way: the call id alone decides
        assertRefused(create(receipt().callId("ai:org-1:P-7").line(grossLine("Más", 100, "27"))), 338);
        assertThat(simulator.stats().rejections()).containsEntry(338, 2L);

        SimHttp.Answer found = send(GET, "xmlnyugtaget", ReceiptRequestXml.get(KEY, null, "ai:org-1:P-7", null, false));
        assertThat(found.xmlText("sikeres")).isEqualTo("true");
        assertThat(found.xmlText("nyugta", "alap", "nyugtaszam")).isEqualTo(first);
        assertThat(found.xmlText("nyugta", "alap", "hivasAzonosito")).isEqualTo("ai:org-1:P-7");

        // call ids are per account
        simulator.putAccount(OTHER_KEY, AccountUpdate.none());
        assertThat(issued(ReceiptRequestXml.receipt(OTHER_KEY).callId("ai:org-1:P-7"))).isEqualTo("NYGT-2026-1");
    }

    @Test
    void aPrefixOfInvoicesIs336AndAMalformedPrefix337() throws Exception {
        assertRefused(create(receipt().prefix("TIX")), 336); // an invoice prefix of the account
        assertRefused(create(receipt().prefix("EVT")), 336);
        assertRefused(create(receipt().prefix("nygt")), 337);
        assertRefused(create(receipt().prefix("NY-GT")), 337);
        assertRefused(create(receipt().prefix("NY GT")), 337);
        assertThat(simulator.receipts()).isEmpty();
    }

    @Test
    void aPrefixAnInvoiceWasIssuedUnderIs336EvenAfterItWasRemovedFromTheAccount() throws Exception {
        simulator.putAccount(KEY, AccountUpdate.none().withPrefixes(List.of("OLD")));
        http.agent(SimHttp.CREATE, invoice().prefix("OLD").bytes());
        simulator.putAccount(KEY, AccountUpdate.none().withPrefixes(List.of("TIX")));

        assertRefused(create(receipt().prefix("OLD")), 336);
    }

    @Test
    void hufAmountRules() throws Exception {
        ReceiptRequestXml.Line ok = grossLine("Jegy", 1000, "27"); // 787.40 + 212.60
        assertRefused(create(receipt().line(new ReceiptRequestXml.Line("Jegy", "1", "787.40", "27", "787.40",
                "212.60", "1000.5"))), 363);
        assertRefused(create(receipt().line(new ReceiptRequestXml.Line("Jegy", "1", "787.401", "27", "787.401",
                "212.599", "1000"))), 364);
        assertRefused(create(receipt().line(new ReceiptRequestXml.Line("Jegy", "1", "787.40", "27", "787.40",
                "212.605", "1000"))), 365);
        // net + VAT must be exactly the gross on a HUF receipt (0.01 off: 261, no tolerance)
        assertRefused(create(receipt().line(new ReceiptRequestXml.Line("Jegy", "1", "787.40", "27", "787.40",
                "212.59", "1000"))), 261);
        assertRefused(create(receipt().line(new ReceiptRequestXml.Line("Jegy", "1", "700", "27", "787.40",
                "212.60", "1000"))), 259);
        assertRefused(create(receipt().line(new ReceiptRequestXml.Line("Jegy", "1", "687.40", "27", "687.40",
                "312.60", "1000"))), 260);
        assertRefused(create(receipt().line(new ReceiptRequestXml.Line("Jegy", "1", "787.40", "33", "787.40",
                "212.60", "1000"))), 395);
        assertThat(simulator.receipts()).isEmpty();
        assertThat(issued(receipt().line(ok))).isEqualTo("NYGT-2026-1");
    }

    @Test
    void paymentsMustAddUpToTheGross() throws Exception {
        ReceiptRequestXml.Line line = grossLine("Jegy", 4990, "27");
        assertRefused(create(receipt().line(line).payment("bankkártya", "4000").payment("SZÉP kártya", "989")), 340);

        SimHttp.Answer answer = create(receipt().line(line).payment("bankkártya", "4000").payment("SZÉP kártya", "990"));

        assertThat(answer.xmlText("sikeres")).isEqualTo("true");
        assertThat(answer.xmlText("nyugta", "kifizetesek", "kifizetes", "osszeg")).isEqualTo("4000");
    }

    @ParameterizedTest(name = "{0} Ft at {1}")
    @CsvSource({
        "4990, 27, 3929.13, 1060.87",
        "1, 27, 0.79, 0.21",
        "3, 27, 2.36, 0.64",
        "9999, 5, 9522.86, 476.14",
        "2500, 0, 2500.00, 0.00",
        "1500, AAM, 1500.00, 0.00",
        "123457, 18, 104624.58, 18832.42"})
    void grossOnlyLinesInWholeForintsAreAccepted(long gross, String rate, String net, String vat) throws Exception {
        ReceiptRequestXml.Line line = grossLine("Jegy", gross, rate);
        assertThat(line.net()).isEqualTo(net);
        assertThat(line.vat()).isEqualTo(vat);

        SimHttp.Answer answer = create(receipt().line(line));

        assertThat(answer.xmlText("sikeres")).as(answer.text()).isEqualTo("true");
        assertThat(new BigDecimal(answer.xmlText("nyugta", "osszegek", "totalossz", "brutto")))
                .isEqualByComparingTo(BigDecimal.valueOf(gross));
        assertThat(new BigDecimal(answer.xmlText("nyugta", "osszegek", "totalossz", "netto")))
                .isEqualByComparingTo(net);
    }

    @Test
    void severalGrossOnlyLinesAtMixedRatesAddUpPerRateAndInTotal() throws Exception {
        SimHttp.Answer answer = create(receipt()
                .line(grossLine("Belépő", 4990, "27"))
                .line(grossLine("Belépő", 4990, "27"))
                .line(grossLine("Program", 1990, "5"))
                .line(grossLine("Ruhatár", 300, "0"))
                .line(grossLine("Adomány", 1000, "AAM")));

        assertThat(answer.xmlText("sikeres")).as(answer.text()).isEqualTo("true");
        SimDocument d = simulator.receipts().getFirst();
        assertThat(d.gross()).isEqualByComparingTo("13270");
        assertThat(d.net().add(d.vat())).isEqualByComparingTo(d.gross());
        assertThat(d.vat()).isEqualByComparingTo("2216.50"); // 1060.87 × 2 + 94.76 (1990 at 5%: 1895.24 + 94.76)
        List<org.w3c.dom.Element> perRate = Xml.children(
                Xml.child(Xml.child(answer.xml(), "nyugta").orElseThrow(), "osszegek").orElseThrow(), "afakulcsossz");
        assertThat(perRate).hasSize(4);
        assertThat(Xml.text(perRate.get(0), "brutto")).contains("9980");
        assertThat(Xml.text(perRate.get(3), "afatipus")).contains("AAM");
    }

    @Test
    void stornoMakesAnSnAndMarksTheOriginal() throws Exception {
        String number = issued(receipt().orderNumber("P-9").payment("bankkártya", "4990"));

        SimHttp.Answer storno = send(STORNO, "xmlnyugtast", ReceiptRequestXml.storno(KEY, number, "ai:org:P-9:st", true));

        assertThat(storno.xmlText("sikeres")).as(storno.text()).isEqualTo("true");
        assertThat(storno.xmlText("nyugta", "alap", "nyugtaszam")).isEqualTo("NYGT-2026-2");
        assertThat(storno.xmlText("nyugta", "alap", "tipus")).isEqualTo("SN");
        assertThat(storno.xmlText("nyugta", "alap", "stornozottNyugtaszam")).isEqualTo(number);
        assertThat(storno.xmlText("nyugta", "alap", "rendelesSzam")).isEqualTo("P-9");
        assertThat(storno.xmlText("nyugta", "osszegek", "totalossz", "brutto")).isEqualTo("-4990");
        assertThat(storno.xmlText("nyugta", "kifizetesek", "kifizetes", "osszeg")).isEqualTo("-4990");
        assertThat(new String(Base64.getDecoder().decode(storno.xmlText("nyugtaPdf")), StandardCharsets.ISO_8859_1))
                .startsWith("%PDF-");

        SimHttp.Answer original = send(GET, "xmlnyugtaget", ReceiptRequestXml.get(KEY, number, null, null, false));
        assertThat(original.xmlText("nyugta", "alap", "stornozott")).isEqualTo("true");
        assertThat(original.xmlText("nyugta", "alap", "tipus")).isEqualTo("NY");

        // a repeated storno without a call id answers the existing SN; nothing new
        SimHttp.Answer again = send(STORNO, "xmlnyugtast", ReceiptRequestXml.storno(KEY, number, null, false));
        assertThat(again.xmlText("nyugta", "alap", "nyugtaszam")).isEqualTo("NYGT-2026-2");
        // with the storno's call id again: the call-id rule (338) comes first
        assertRefused(send(STORNO, "xmlnyugtast", ReceiptRequestXml.storno(KEY, number, "ai:org:P-9:st", false)), 338);
        assertThat(simulator.stats().receiptStornos()).isEqualTo(1);
        assertThat(simulator.receipts()).hasSize(2);
        assertThat(simulator.receipts().getFirst().reversedBy()).isEqualTo("NYGT-2026-2");
    }

    @Test
    void stornoOfAStornoIs14AndOfAnUnknownReceipt339() throws Exception {
        String number = issued(receipt());
        String sn = send(STORNO, "xmlnyugtast", ReceiptRequestXml.storno(KEY, number, null, false))
                .xmlText("nyugta", "alap", "nyugtaszam");

        assertRefused(send(STORNO, "xmlnyugtast", ReceiptRequestXml.storno(KEY, sn, null, false)), 14);
        assertRefused(send(STORNO, "xmlnyugtast", ReceiptRequestXml.storno(KEY, "NYGT-2026-99", null, false)), 339);
        // an invoice number is not a receipt
        http.agent(SimHttp.CREATE, invoice().bytes());
        assertRefused(send(STORNO, "xmlnyugtast", ReceiptRequestXml.storno(KEY, "TIX-2026-1", null, false)), 339);
    }

    @Test
    void getByNumberWithPdfAndNotFound() throws Exception {
        String number = issued(receipt());

        SimHttp.Answer found = send(GET, "xmlnyugtaget", ReceiptRequestXml.get(KEY, number, null, null, true));
        assertThat(found.xmlText("nyugta", "alap", "nyugtaszam")).isEqualTo(number);
        assertThat(new String(Base64.getDecoder().decode(found.xmlText("nyugtaPdf")), StandardCharsets.ISO_8859_1))
                .startsWith("%PDF-");

        assertRefused(send(GET, "xmlnyugtaget", ReceiptRequestXml.get(KEY, "NYGT-2026-5", null, null, false)), 339);
        assertRefused(send(GET, "xmlnyugtaget", ReceiptRequestXml.get(KEY, null, "no-such-call", null, false)), 339);
        simulator.putAccount(OTHER_KEY, AccountUpdate.none());
        assertRefused(send(GET, "xmlnyugtaget", ReceiptRequestXml.get(OTHER_KEY, number, null, null, false)), 339);
        assertThat(simulator.stats().receiptQueries()).isEqualTo(4);
    }

    @Test
    void getByOrderNumberIsNotInTheVendorSchemaAndAnswers57() throws Exception {
        assumeTrue(simulator.validatesSchemas());
        issued(receipt().orderNumber("P-3"));

        SimHttp.Answer answer = answer(GET, ReceiptRequestXml.get(KEY, null, null, "P-3", false));

        assertRefused(answer, 57);
        assertThat(answer.xmlText("hibauzenet")).startsWith("XML beolvasási hiba.").contains("rendelesSzam");
    }

    @Test
    void invoiceQueriesDoNotSeeReceipts() throws Exception {
        issued(receipt().orderNumber("P-4"));

        SimHttp.Answer answer = http.agent(SimHttp.QUERY_XML, InvoiceXml.xmlQuery(KEY, null, "P-4", null, false));

        assertThat(answer.xmlText("hibakod")).isEqualTo("7");
    }

    @Test
    void sendRecordsTheEmail() throws Exception {
        String number = issued(receipt());

        SimHttp.Answer answer = send(SEND, "xmlnyugtasend", ReceiptRequestXml.send(KEY, number, "vevo@example.hu",
                "Nyugta"));

        assertThat(answer.xml().getLocalName()).isEqualTo("xmlnyugtasendvalasz");
        assertThat(answer.xmlText("sikeres")).isEqualTo("true");
        assertThat(simulator.receiptEmails()).singleElement().satisfies(e -> {
            assertThat(e.number()).isEqualTo(number);
            assertThat(e.to()).isEqualTo("vevo@example.hu");
            assertThat(e.subject()).isEqualTo("Nyugta");
            assertThat(e.account()).doesNotContain(KEY);
        });
        assertThat(http.control("GET", "receipt-emails", null).text()).contains("vevo@example.hu");
    }

    @Test
    void sendRefusals() throws Exception {
        String number = issued(receipt());

        SimHttp.Answer noSubject = send(SEND, "xmlnyugtasend", ReceiptRequestXml.send(KEY, number, "a@b.hu", null));
        assertThat(noSubject.xmlText("sikeres")).isEqualTo("false");
        assertThat(noSubject.xmlText("hibakod")).isEqualTo("7");
        assertThat(noSubject.xmlText("hibauzenet")).isEqualTo("Hiányzó adat: emailtargy elem.");
        SimHttp.Answer unknown = send(SEND, "xmlnyugtasend", ReceiptRequestXml.send(KEY, "NYGT-2026-9", "a@b.hu", "S"));
        assertThat(unknown.xmlText("hibakod")).isEqualTo("339");
        assertThat(simulator.receiptEmails()).isEmpty();
    }

    @Test
    void aRequestNotValidAgainstTheReceiptXsdIs57() throws Exception {
        assumeTrue(simulator.validatesSchemas());
        byte[] xml = receipt().noPrefix().bytes(); // elotag is required

        SimHttp.Answer answer = answer(CREATE, xml);

        assertRefused(answer, 57);
        assertThat(answer.xmlText("hibauzenet")).startsWith("XML beolvasási hiba.").contains("elotag");
        assertThat(simulator.receipts()).isEmpty();
        // a receipt storno's settings are a sequence: the wrong order is 57 too
        byte[] swapped = new String(ReceiptRequestXml.storno(KEY, "NYGT-2026-1", null, false), StandardCharsets.UTF_8)
                .replaceFirst("<szamlaagentkulcs>(.*)</szamlaagentkulcs><pdfLetoltes>false</pdfLetoltes>",
                        "<pdfLetoltes>false</pdfLetoltes><szamlaagentkulcs>$1</szamlaagentkulcs>")
                .getBytes(StandardCharsets.UTF_8);
        assertRefused(answer(STORNO, swapped), 57);
    }

    @Test
    void accountStatesApplyToReceiptActions() throws Exception {
        String number = issued(receipt());
        simulator.putAccount(KEY, AccountUpdate.none().withState(AccountState.BLOCKED));

        assertRefused(create(receipt()), 136);
        assertRefused(send(GET, "xmlnyugtaget", ReceiptRequestXml.get(KEY, number, null, null, false)), 136);
        assertRefused(send(STORNO, "xmlnyugtast", ReceiptRequestXml.storno(KEY, number, null, false)), 136);
        SimHttp.Answer sendBlocked = send(SEND, "xmlnyugtasend", ReceiptRequestXml.send(KEY, number, "a@b.hu", "S"));
        assertThat(sendBlocked.xmlText("hibakod")).isEqualTo("136");

        simulator.putAccount(KEY, AccountUpdate.none().withState(AccountState.DELETED));
        assertRefused(create(receipt()), 3);
        assertRefused(create(ReceiptRequestXml.receipt("unconfigured-key-0000")), 3);
        assertThat(simulator.receipts()).hasSize(1);
    }

    @Test
    void aPackageWithoutReceiptsRefusesEveryReceiptActionWith8AndInvoicesStillGo() throws Exception {
        String number = issued(receipt());
        SimHttp.Answer off = http.control("PUT", "accounts/" + KEY, "{\"receipts\":false}");
        assertThat(off.status()).isEqualTo(200);
        assertThat(off.text()).contains("\"receipts\":false");

        assertRefused(create(receipt()), 8);
        assertRefused(send(GET, "xmlnyugtaget", ReceiptRequestXml.get(KEY, null, "ai:org-1:none", null, false)), 8);
        assertRefused(send(STORNO, "xmlnyugtast", ReceiptRequestXml.storno(KEY, number, null, false)), 8);
        assertThat(send(SEND, "xmlnyugtasend", ReceiptRequestXml.send(KEY, number, "a@b.hu", "S")).xmlText("hibakod"))
                .isEqualTo("8");
        assertThat(simulator.stats().rejections()).containsEntry(8, 4L);
        assertThat(http.agent(SimHttp.CREATE, invoice().bytes()).header("szlahu_szamlaszam")).isPresent();
        assertThat(simulator.receipts()).hasSize(1);

        simulator.putAccount(KEY, AccountUpdate.none().withReceipts(true));
        assertThat(issued(receipt())).isNotEqualTo(number);
    }

    @Test
    void transientFaultAnswersCode1InTheReceiptShapeAndCreatesNothing() throws Exception {
        simulator.setFaults(Faults.none().withTransientRate(1.0));

        assertRefused(create(receipt().callId("c-1")), 1);

        assertThat(simulator.receipts()).isEmpty();
        assertThat(simulator.stats().transientFaults()).isEqualTo(1);
        simulator.setFaults(Faults.none());
        assertThat(issued(receipt().callId("c-1"))).isEqualTo("NYGT-2026-1"); // the call id was not taken
    }

    @Test
    void aLostReplyStoresTheReceiptAndTheRetryIs338ThenTheGetRecoversIt() throws Exception {
        simulator.setFaults(Faults.none().withLostReplyRate(1.0));

        assertThatThrownBy(() -> http.agent(CREATE, receipt().callId("ai:org:P-lost").bytes()))
                .isInstanceOf(IOException.class);

        assertThat(simulator.receipts()).singleElement()
                .satisfies(d -> assertThat(d.callId()).isEqualTo("ai:org:P-lost"));
        simulator.setFaults(Faults.none());
        assertRefused(create(receipt().callId("ai:org:P-lost")), 338);
        assertThat(send(GET, "xmlnyugtaget", ReceiptRequestXml.get(KEY, null, "ai:org:P-lost", null, false))
                .xmlText("nyugta", "alap", "nyugtaszam")).isEqualTo("NYGT-2026-1");
    }

    @Test
    void dataErrorAndDownAndLatencyFaultsHitReceiptsToo() throws Exception {
        simulator.setFaults(Faults.none().withDataErrorRate(1.0));
        assertRefused(create(receipt()), 57);
        assertThat(simulator.stats().dataErrorFaults()).isEqualTo(1);

        simulator.setFaults(Faults.none().withDownRate(1.0));
        SimHttp.Answer down = http.agent(CREATE, receipt().bytes());
        assertThat(down.header("szlahu_down")).contains("true");

        simulator.setFaults(Faults.none().withLatencyMs(300));
        long start = System.nanoTime();
        issued(receipt());
        assertThat((System.nanoTime() - start) / 1_000_000L).isGreaterThanOrEqualTo(300);
        assertThat(simulator.receipts()).hasSize(1);
    }

    @Test
    void theControlApiListsReceiptsWithTheirTypeAndCallId() throws Exception {
        http.agent(SimHttp.CREATE, invoice().orderNumber("P-5").bytes());
        String number = issued(receipt().callId("ai:org:P-5").orderNumber("P-5"));
        send(STORNO, "xmlnyugtast", ReceiptRequestXml.storno(KEY, number, null, false));

        String all = http.control("GET", "documents", null).text();
        assertThat(all).contains("\"type\":\"SZ\"").contains("\"type\":\"NY\"").contains("\"type\":\"SN\"");
        String receipts = http.control("GET", "documents?type=NY", null).text();
        assertThat(receipts).contains("\"number\":\"NYGT-2026-1\"").contains("\"callId\":\"ai:org:P-5\"")
                .contains("\"reversedBy\":\"NYGT-2026-2\"").doesNotContain("\"type\":\"SZ\"")
                .doesNotContain("\"type\":\"SN\"");
        assertThat(http.control("GET", "documents?callId=ai:org:P-5", null).text()).contains("NYGT-2026-1")
                .doesNotContain("TIX-2026-1");
        assertThat(http.control("GET", "stats", null).text()).contains("\"receipts\":1")
                .contains("\"receiptStornos\":1");
    }
}
