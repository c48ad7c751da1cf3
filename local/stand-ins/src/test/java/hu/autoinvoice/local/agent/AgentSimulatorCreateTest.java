package hu.autoinvoice.local.agent;

import static hu.autoinvoice.local.agent.SimHttp.CREATE;
import static hu.autoinvoice.local.agent.SimHttp.QUERY_XML;
import static org.assertj.core.api.Assertions.assertThat;

import hu.autoinvoice.testing.TestKeys;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AgentSimulatorCreateTest extends SimulatorTestBase {

    @Test
    void createAnswersWithVendorHeadersAndAValidXmlszamlavalasz() throws Exception {
        SimHttp.Answer answer = http.agent(CREATE, invoice().orderNumber("P-1").externalId("ai:org-42:P-1").bytes());

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.decodedHeader("szlahu_szamlaszam")).isEqualTo("TIX-2026-1");
        assertThat(answer.header("szlahu_id")).isPresent();
        assertThat(answer.header("szlahu_nettovegosszeg")).contains("39354");
        assertThat(answer.header("szlahu_bruttovegosszeg")).contains("49980");
        assertThat(answer.header("szlahu_kintlevoseg")).contains("0"); // fizetve=true
        assertThat(answer.header("set-cookie")).hasValueSatisfying(c -> assertThat(c).startsWith("JSESSIONID="));
        assertThat(answer.header("szlahu_error_code")).isEmpty();
        assertThat(answer.xmlText("sikeres")).isEqualTo("true");
        assertThat(answer.xmlText("szamlaszam")).isEqualTo("TIX-2026-1");
        assertThat(answer.xmlText("szamlanetto")).isEqualTo("39354");
        assertThat(answer.xmlText("szamlabrutto")).isEqualTo("49980");
        assertThat(answer.xml().getNamespaceURI()).isEqualTo("http://www.szamlazz.hu/xmlszamlavalasz");
        SimHttp.assertValidResponse("xmlszamlavalasz", answer.body());

        SimDocument stored = simulator.documents().getFirst();
        assertThat(stored.number()).isEqualTo("TIX-2026-1");
        assertThat(stored.type()).isEqualTo(DocumentType.SZ);
        assertThat(stored.orderNumber()).isEqualTo("P-1");
        assertThat(stored.externalId()).isEqualTo("ai:org-42:P-1");
        assertThat(stored.buyerName()).isEqualTo("Kiss Anna");
        assertThat(stored.gross()).isEqualByComparingTo("49980");
        assertThat(stored.account()).isEqualTo("…" + KEY.substring(KEY.length() - 4));
    }

    @Test
    void sessionCookieIsStablePerKey() throws Exception {
        String first = http.agent(CREATE, invoice().bytes()).header("set-cookie").orElseThrow();
        String second = http.agent(CREATE, invoice().bytes()).header("set-cookie").orElseThrow();
        simulator.putAccount(OTHER_KEY, AccountUpdate.none());
        String other = http.agent(CREATE, InvoiceXml.invoice(OTHER_KEY).bytes()).header("set-cookie").orElseThrow();

        assertThat(second).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void numbersAreSequentialPerPrefixWithTheBudapestYear() throws Exception {
        List<String> numbers = List.of(
                http.agent(CREATE, invoice().bytes()).decodedHeader("szlahu_szamlaszam"),
                http.agent(CREATE, invoice().prefix("EVT").bytes()).decodedHeader("szlahu_szamlaszam"),
                http.agent(CREATE, invoice().prefix("TIX").bytes()).decodedHeader("szlahu_szamlaszam"),
                http.agent(CREATE, invoice().prefix("EVT").bytes()).decodedHeader("szlahu_szamlaszam"));

        assertThat(numbers).containsExactly("TIX-2026-1", "EVT-2026-1", "TIX-2026-2", "EVT-2026-2");
    }

    @Test
    void version1AnswersWithTheDoneTextOrTheRawPdf() throws Exception {
        SimHttp.Answer text = http.agent(CREATE, invoice().version(null).bytes());
        SimHttp.Answer pdf = http.agent(CREATE, invoice().version(1).download(true).bytes());

        assertThat(text.text()).isEqualTo("xmlagentresponse=DONE;TIX-2026-1");
        assertThat(pdf.decodedHeader("szlahu_szamlaszam")).isEqualTo("TIX-2026-2");
        assertThat(new String(pdf.body(), 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        assertThat(pdf.header("content-type")).contains("application/pdf");
    }

    @Test
    void version2WithDownloadCarriesTheBase64Pdf() throws Exception {
        SimHttp.Answer answer = http.agent(CREATE, invoice().download(true).bytes());

        byte[] pdf = Base64.getMimeDecoder().decode(answer.xmlText("pdf"));
        assertThat(new String(pdf, StandardCharsets.US_ASCII)).startsWith("%PDF-1.4").contains("TIX-2026-1")
                .contains("startxref").endsWith("%%EOF\n");
        SimHttp.assertValidResponse("xmlszamlavalasz", answer.body());
    }

    @Test
    void unknownKeyIsALoginFailure() throws Exception {
        SimHttp.Answer answer = http.agent(CREATE, InvoiceXml.invoice(TestKeys.key("unknownkey")).bytes());

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("szlahu_error_code")).contains("3");
        assertThat(answer.decodedHeader("szlahu_error")).isEqualTo("Sikertelen bejelentkezés.");
        assertThat(answer.header("szlahu_szamlaszam")).isEmpty();
        assertThat(answer.header("set-cookie")).isEmpty();
        assertThat(answer.xmlText("sikeres")).isEqualTo("false");
        assertThat(answer.xmlText("hibakod")).isEqualTo("3");
        SimHttp.assertValidResponse("xmlszamlavalasz", answer.body());
        assertThat(simulator.documents()).isEmpty();
    }

    @Test
    void deletedKeyIsALoginFailure() throws Exception {
        simulator.putAccount(KEY, AccountUpdate.none().withState(AccountState.DELETED));

        assertThat(http.agent(CREATE, invoice().bytes()).header("szlahu_error_code")).contains("3");
        assertThat(simulator.documents()).isEmpty();
    }

    @Test
    void blockedAccountGets136OnEveryActionIncludingQueries() throws Exception {
        simulator.putAccount(KEY, AccountUpdate.none().withState(AccountState.BLOCKED));

        SimHttp.Answer create = http.agent(CREATE, invoice().bytes());
        SimHttp.Answer query = http.agent(QUERY_XML, InvoiceXml.xmlQuery(KEY, null, null, "ai:sentinel", false));
        SimHttp.Answer storno = http.agent(SimHttp.STORNO, InvoiceXml.storno(KEY, "TIX-2026-1", 2, false));
        SimHttp.Answer pdf = http.agent(SimHttp.QUERY_PDF, InvoiceXml.pdfQuery(KEY, "TIX-2026-1", null, null, 2));

        for (SimHttp.Answer answer : List.of(create, query, storno, pdf)) {
            assertThat(answer.header("szlahu_error_code")).contains("136");
            assertThat(answer.xmlText("hibakod")).isEqualTo("136");
        }
        assertThat(create.decodedHeader("szlahu_error")).startsWith("Bejelentkezési hiba");
        assertThat(simulator.documents()).isEmpty();
    }

    @Test
    void eInvoiceNotAllowedIs54AlsoOnPreview() throws Exception {
        simulator.putAccount(KEY, AccountUpdate.none().withEInvoice(false));

        SimHttp.Answer create = http.agent(CREATE, invoice().eInvoice(true).bytes());
        SimHttp.Answer preview = http.agent(CREATE, invoice().eInvoice(true).preview(true).bytes());
        SimHttp.Answer paper = http.agent(CREATE, invoice().eInvoice(false).bytes());

        assertThat(create.header("szlahu_error_code")).contains("54");
        assertThat(create.decodedHeader("szlahu_error")).isEqualTo("E-számla készítés nincs engedélyezve.");
        assertThat(preview.header("szlahu_error_code")).contains("54");
        assertThat(paper.header("szlahu_error_code")).isEmpty();
        assertThat(simulator.documents()).hasSize(1);
    }

    @Test
    void unknownPrefixIs202AlsoOnPreview() throws Exception {
        SimHttp.Answer create = http.agent(CREATE, invoice().prefix("NOPE").bytes());
        SimHttp.Answer preview = http.agent(CREATE, invoice().prefix("NOPE").preview(true).bytes());

        assertThat(create.header("szlahu_error_code")).contains("202");
        assertThat(create.decodedHeader("szlahu_error")).isEqualTo("A megadott számlaszám előtag nem megfelelő.");
        assertThat(preview.header("szlahu_error_code")).contains("202");
        assertThat(simulator.documents()).isEmpty();
    }

    @Test
    void accountWithoutPrefixesRefusesEvenWithoutAPrefix() throws Exception {
        simulator.putAccount(KEY, AccountUpdate.none().withPrefixes(List.of()));

        assertThat(http.agent(CREATE, invoice().bytes()).header("szlahu_error_code")).contains("202");
    }

    @Test
    void duplicateOrderNumberWithOtherContentIs152NamingTheOrderAndStornoFreesIt() throws Exception {
        String first = http.agent(CREATE, invoice().orderNumber("P-7").bytes()).decodedHeader("szlahu_szamlaszam");

        SimHttp.Answer duplicate = http.agent(CREATE, invoice().orderNumber("P-7").buyer("Nagy Béla").bytes());
        assertThat(duplicate.header("szlahu_error_code")).contains("152");
        assertThat(duplicate.decodedHeader("szlahu_error"))
                .isEqualTo("Már létező rendelésszám: P-7. Az ismétlődés engedélyezhető a Beállítások oldalon.");
        assertThat(duplicate.xmlText("hibakod")).isEqualTo("152");
        assertThat(duplicate.header("szlahu_szamlaszam")).isEmpty();

        http.agent(SimHttp.STORNO, InvoiceXml.storno(KEY, first, 2, false));
        SimHttp.Answer again = http.agent(CREATE, invoice().orderNumber("P-7").buyer("Nagy Béla").bytes());
        assertThat(again.header("szlahu_error_code")).isEmpty();
        assertThat(again.decodedHeader("szlahu_szamlaszam")).isEqualTo("TIX-2026-3");
    }

    @Test
    void anEquivalentResendUnderTheOrderNumberAnswersTheExistingInvoiceAndStoresNothing() throws Exception {
        SimHttp.Answer first = http.agent(CREATE, invoice().orderNumber("P-R").externalId("ai:org:P-R").bytes());

        SimHttp.Answer again = http.agent(CREATE, invoice().orderNumber("P-R").externalId("ai:org:P-R-2").bytes());
        SimHttp.Answer v1 = http.agent(CREATE, invoice().orderNumber("P-R").version(null).bytes());

        assertThat(again.header("szlahu_error_code")).isEmpty();
        for (String header : List.of("szlahu_szamlaszam", "szlahu_id", "szlahu_nettovegosszeg",
                "szlahu_bruttovegosszeg", "szlahu_kintlevoseg")) {
            assertThat(again.header(header)).as(header).isPresent().isEqualTo(first.header(header));
        }
        assertThat(again.text()).as("no replay marker").isEqualTo(first.text());
        assertThat(again.xmlText("szamlaszam")).isEqualTo("TIX-2026-1");
        SimHttp.assertValidResponse("xmlszamlavalasz", again.body());
        assertThat(v1.text()).isEqualTo("xmlagentresponse=DONE;TIX-2026-1");
        // one document; the replay's external id is not stored
        assertThat(simulator.documentsByOrderNumber("P-R")).singleElement()
                .satisfies(d -> assertThat(d.externalId()).isEqualTo("ai:org:P-R"));
        assertThat(http.agent(QUERY_XML, InvoiceXml.xmlQuery(KEY, null, null, "ai:org:P-R-2", false)).xmlText("hibakod"))
                .isEqualTo("7");
        assertThat(simulator.stats().creates()).isEqualTo(1);
        assertThat(simulator.stats().replays()).isEqualTo(2);
        assertThat(simulator.stats().rejections()).doesNotContainKey(152);
        // the next new invoice continues the sequence: the replay took no number
        assertThat(http.agent(CREATE, invoice().orderNumber("P-S").bytes()).decodedHeader("szlahu_szamlaszam"))
                .isEqualTo("TIX-2026-2");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"buyer name", "gross total", "keltDatum", "fizetesiHataridoDatum", "teljesitesDatum"})
    void aResendDifferingInAReplayConditionIs152(String difference) throws Exception {
        http.agent(CREATE, invoice().orderNumber("P-D").issueDate("2026-11-27").bytes());
        InvoiceXml resend = invoice().orderNumber("P-D").issueDate("2026-11-27");
        switch (difference) {
            case "buyer name" -> resend.buyer("Kiss Anna Mária");
            case "gross total" -> resend.line("2", "19677", "27", "39354", "10626", "49980")
                    .line("1", "100", "27", "100", "27", "127");
            case "keltDatum" -> resend.issueDate("2026-11-26");
            case "fizetesiHataridoDatum" -> resend.dueDate("2026-12-05");
            case "teljesitesDatum" -> resend.fulfilmentDate("2026-11-26");
            default -> throw new IllegalArgumentException(difference);
        }

        SimHttp.Answer answer = http.agent(CREATE, resend.bytes());

        assertThat(answer.header("szlahu_error_code")).as(answer.text()).contains("152");
        assertThat(answer.header("szlahu_szamlaszam")).isEmpty();
        assertThat(simulator.documentsByOrderNumber("P-D")).hasSize(1);
        assertThat(simulator.stats().replays()).isZero();
    }

    @Test
    void anEquivalentResendIsReplayedOnlyWithinTwoDays() throws Exception {
        MovableClock clock = new MovableClock(CLOCK.instant());
        try (AgentSimulator sim = AgentSimulator.start(0, clock)) {
            sim.putAccount(KEY, AccountUpdate.none());
            SimHttp simHttp = new SimHttp(sim);
            String first = simHttp.agent(CREATE, invoice().orderNumber("P-W").bytes()).decodedHeader("szlahu_szamlaszam");

            clock.now = CLOCK.instant().plus(Duration.ofDays(2));
            SimHttp.Answer atTwoDays = simHttp.agent(CREATE, invoice().orderNumber("P-W").bytes());
            clock.now = CLOCK.instant().plus(Duration.ofDays(2)).plusSeconds(1);
            SimHttp.Answer later = simHttp.agent(CREATE, invoice().orderNumber("P-W").bytes());

            assertThat(atTwoDays.decodedHeader("szlahu_szamlaszam")).isEqualTo(first);
            assertThat(later.header("szlahu_error_code")).contains("152");
            assertThat(sim.documentsByOrderNumber("P-W")).hasSize(1);
        }
    }

    @Test
    void afterAStornoTheSameRequestIssuesANewInvoice() throws Exception {
        String first = http.agent(CREATE, invoice().orderNumber("P-X").bytes()).decodedHeader("szlahu_szamlaszam");
        http.agent(SimHttp.STORNO, InvoiceXml.storno(KEY, first, 2, false));

        SimHttp.Answer again = http.agent(CREATE, invoice().orderNumber("P-X").bytes());

        assertThat(again.decodedHeader("szlahu_szamlaszam")).isEqualTo("TIX-2026-3");
        assertThat(simulator.documentsByOrderNumber("P-X")).extracting(SimDocument::type)
                .containsExactly(DocumentType.SZ, DocumentType.SS, DocumentType.SZ);
        assertThat(simulator.stats().replays()).isZero();
    }

    @Test
    void withReplayOffAnEquivalentResendIs152() throws Exception {
        simulator.putAccount(KEY, AccountUpdate.none().withOrderNumberReplay(false));
        http.agent(CREATE, invoice().orderNumber("P-O").bytes());

        SimHttp.Answer again = http.agent(CREATE, invoice().orderNumber("P-O").bytes());

        assertThat(again.header("szlahu_error_code")).contains("152");
        assertThat(again.xmlText("hibakod")).isEqualTo("152");
        assertThat(simulator.documentsByOrderNumber("P-O")).hasSize(1);
        assertThat(simulator.stats().replays()).isZero();
    }

    @Test
    void orderNumbersMayRepeatWhenTheToggleIsOff() throws Exception {
        simulator.putAccount(KEY, AccountUpdate.none().withOrderNumberUnique(false));

        http.agent(CREATE, invoice().orderNumber("P-8").bytes());
        assertThat(http.agent(CREATE, invoice().orderNumber("P-8").bytes()).header("szlahu_error_code")).isEmpty();
        assertThat(simulator.documentsByOrderNumber("P-8")).hasSize(2);
    }

    @Test
    void schemaViolationIs57WithTheSchemaMessage() throws Exception {
        SimHttp.requireSchemas();

        SimHttp.Answer answer = http.agent(CREATE,
                invoice().rawHeaderElement("    <kulcstartojelszo>x</kulcstartojelszo>\n").bytes());

        assertThat(answer.header("szlahu_error_code")).contains("57");
        assertThat(answer.decodedHeader("szlahu_error")).startsWith("XML beolvasási hiba.").contains("kulcstartojelszo");
        assertThat(answer.xmlText("hibakod")).isEqualTo("57");
        assertThat(simulator.documents()).isEmpty();
    }

    @Test
    void malformedXmlIs57() throws Exception {
        SimHttp.Answer answer = http.agent(CREATE, "<xmlszamla><beallitasok>".getBytes(StandardCharsets.UTF_8));

        assertThat(answer.header("szlahu_error_code")).contains("57");
        assertThat(answer.text()).startsWith("[ERR] XML beolvasási hiba.").contains("----------");
    }

    @Test
    void xmlSentAsAPlainFieldIs53() throws Exception {
        SimHttp.Answer answer = http.agentPlainField(CREATE, invoice().bytes());

        assertThat(answer.header("szlahu_error_code")).contains("53");
        assertThat(answer.decodedHeader("szlahu_error")).isEqualTo("Hiányzó XML fájl.");
        assertThat(answer.text()).startsWith("[ERR] Hiányzó XML fájl. ----------");
        assertThat(simulator.documents()).isEmpty();
    }

    // credit entry (jóváírás) is not simulated; receipts are (AgentSimulatorReceiptTest)
    @Test
    void unknownActionIsAnError() throws Exception {
        SimHttp.Answer answer = http.agent("action-szamla_agent_kifiz", invoice().bytes());

        assertThat(answer.header("szlahu_error_code")).contains("17");
        assertThat(answer.xmlText("sikeres")).isEqualTo("false");
        assertThat(simulator.documents()).isEmpty();
    }

    @ParameterizedTest(name = "{0}: qty {1} × {2} at {3} → net {4}, VAT {5}, gross {6}")
    @CsvSource({
        "259, 1, 10000, 27, 10005, 2701, 12706",  // net 5 HUF off
        "259, 1, 10000.4, 27, 10000.4, 2700, 12700.4", // HUF net not whole
        "260, 1, 10000, 27, 10000, 2702, 12702",  // VAT 2 HUF off
        "260, 1, 10000, 27, 10000, 2700.5, 12700.5", // HUF VAT not whole
        "261, 1, 10000, 27, 10000, 2700, 12710",  // gross ≠ net + VAT
        "260, 1, 10000, AAM, 10000, 2700, 12700", // special code: VAT must be 0
        "395, 1, 10000, 28, 10000, 2800, 12800",  // not a Hungarian-list rate
        "395, 1, 10000, XYZ, 10000, 0, 10000"     // unknown code
    })
    void lineArithmeticIsCheckedLikeTheVendor(String code, String qty, String unit, String rate, String net, String vat,
            String gross) throws Exception {
        SimHttp.Answer answer = http.agent(CREATE, invoice().line(qty, unit, rate, net, vat, gross).bytes());

        assertThat(answer.header("szlahu_error_code")).contains(code);
        assertThat(answer.xmlText("hibakod")).isEqualTo(code);
        assertThat(simulator.documents()).isEmpty();
        assertThat(simulator.stats().rejections()).containsEntry(Integer.valueOf(code), 1L);
    }

    @ParameterizedTest(name = "{0} qty {1} × {2} at {3} → {4} / {5} / {6}")
    @CsvSource({
        "HUF, 1, 10000, 27, 10001, 2700, 12701",  // 1 HUF net tolerance
        "HUF, 3, 3333.33, 27, 10000, 2700, 12700", // fractional unit price, rounded net
        "HUF, 1, 10000, AAM, 10000, 0, 10000",     // subjective exemption
        "HUF, 1, 10000, 27.00, 10000, 2700, 12700", // rate with decimals
        "EUR, 2, 12.50, 27, 25.00, 6.75, 31.75",
        "EUR, 1, 10.005, 5, 10.01, 0.50, 10.51"    // within 0.01
    })
    void correctLinesAreAccepted(String currency, String qty, String unit, String rate, String net, String vat,
            String gross) throws Exception {
        SimHttp.Answer answer = http.agent(CREATE, invoice().currency(currency).line(qty, unit, rate, net, vat, gross)
                .bytes());

        assertThat(answer.header("szlahu_error_code")).as(answer.text()).isEmpty();
        assertThat(simulator.documents()).singleElement().satisfies(d -> assertThat(d.currency()).isEqualTo(currency));
    }

    @Test
    void nonHufLinesUseACentTolerance() throws Exception {
        SimHttp.Answer answer = http.agent(CREATE, invoice().currency("EUR").line("1", "10", "27", "10.05", "2.70",
                "12.75").bytes());

        assertThat(answer.header("szlahu_error_code")).contains("259");
    }

    /** A clock a test moves by hand. */
    private static final class MovableClock extends Clock {
        volatile Instant now;

        MovableClock(Instant start) {
            now = start;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return Clock.fixed(now, zone);
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
