package hu.autoinvoice.local.agent;

import static hu.autoinvoice.local.agent.SimHttp.CREATE;
import static hu.autoinvoice.local.agent.SimHttp.QUERY_PDF;
import static hu.autoinvoice.local.agent.SimHttp.QUERY_XML;
import static hu.autoinvoice.local.agent.SimHttp.STORNO;
import static org.assertj.core.api.Assertions.assertThat;

import hu.autoinvoice.testing.TestKeys;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class AgentSimulatorQueryStornoTest extends SimulatorTestBase {

    private String create(InvoiceXml xml) throws Exception {
        SimHttp.Answer answer = http.agent(CREATE, xml.bytes());
        assertThat(answer.header("szlahu_error_code")).as(answer.text()).isEmpty();
        return answer.decodedHeader("szlahu_szamlaszam");
    }

    @Test
    void queryByNumberAnswersAValidSzamlaDocument() throws Exception {
        String number = create(invoice().orderNumber("P-1").externalId("ai:org:P-1"));

        SimHttp.Answer answer = http.agent(QUERY_XML, InvoiceXml.xmlQuery(KEY, number, null, null, false));

        assertThat(answer.xml().getLocalName()).isEqualTo("szamla");
        assertThat(answer.xml().getNamespaceURI()).isEqualTo("http://www.szamlazz.hu/szamla");
        assertThat(answer.xmlText("alap", "szamlaszam")).isEqualTo("TIX-2026-1");
        assertThat(answer.xmlText("alap", "tipus")).isEqualTo("SZ");
        assertThat(answer.xmlText("alap", "rendelesszam")).isEqualTo("P-1");
        assertThat(answer.xmlText("alap", "kelt")).isEqualTo("2026-11-27");
        assertThat(answer.xmlText("alap", "fizmodunified")).isEqualTo("bankkártya");
        assertThat(answer.xmlText("alap", "sztornozott")).isNull();
        assertThat(answer.xmlText("vevo", "nev")).isEqualTo("Kiss Anna");
        assertThat(answer.xmlText("osszegek", "totalossz", "brutto")).isEqualTo("49980");
        assertThat(answer.text()).doesNotContain("ai:org:P-1"); // the vendor never echoes the external id
        assertThat(answer.header("szlahu_error_code")).isEmpty();
        SimHttp.assertValidResponse("szamla", answer.body());
        // the vendor's SDK needs szlahu_* headers: the document's number and id (= alap/id)
        assertThat(answer.decodedHeader("szlahu_szamlaszam")).isEqualTo("TIX-2026-1");
        assertThat(answer.header("szlahu_id")).contains(answer.xmlText("alap", "id"));
        // totals headers are documented for create and credit-entry answers only (research §3.2), not sent here
        assertThat(answer.header("szlahu_bruttovegosszeg")).isEmpty();
        assertThat(answer.header("szlahu_kintlevoseg")).isEmpty();
    }

    @Test
    void queryByOrderNumberReturnsTheNewestDocumentOfAnyType() throws Exception {
        String invoice = create(invoice().orderNumber("P-2"));
        SimHttp.Answer storno = http.agent(STORNO, InvoiceXml.storno(KEY, invoice, 2, false));

        SimHttp.Answer answer = http.agent(QUERY_XML, InvoiceXml.xmlQuery(KEY, null, "P-2", null, false));

        assertThat(answer.xmlText("alap", "szamlaszam")).isEqualTo(storno.decodedHeader("szlahu_szamlaszam"));
        assertThat(answer.decodedHeader("szlahu_szamlaszam")).isEqualTo(storno.decodedHeader("szlahu_szamlaszam"));
        assertThat(answer.header("szlahu_id")).isEqualTo(storno.header("szlahu_id"));
        assertThat(answer.xmlText("alap", "tipus")).isEqualTo("SS");
        assertThat(answer.xmlText("alap", "hivszamlaszam")).isEqualTo(invoice);
        assertThat(answer.xmlText("osszegek", "totalossz", "brutto")).isEqualTo("-49980");
        SimHttp.assertValidResponse("szamla", answer.body());
    }

    @Test
    void queryByExternalIdReturnsTheNewestHolder() throws Exception {
        simulator.putAccount(KEY, AccountUpdate.none().withOrderNumberUnique(false));
        create(invoice().externalId("ai:org:P-3").buyer("Első Vevő"));
        String newest = create(invoice().externalId("ai:org:P-3").buyer("Második Vevő"));

        SimHttp.Answer answer = http.agent(QUERY_XML, InvoiceXml.xmlQuery(KEY, null, null, "ai:org:P-3", false));

        assertThat(answer.xmlText("alap", "szamlaszam")).isEqualTo(newest);
        assertThat(answer.xmlText("vevo", "nev")).isEqualTo("Második Vevő");
    }

    @Test
    void queriesSeeOnlyTheDocumentsOfTheirOwnAccount() throws Exception {
        String number = create(invoice());
        simulator.putAccount(OTHER_KEY, AccountUpdate.none());

        SimHttp.Answer answer = http.agent(QUERY_XML, InvoiceXml.xmlQuery(OTHER_KEY, number, null, null, false));

        assertThat(answer.xmlText("hibakod")).isEqualTo("7");
    }

    @Test
    void notFoundIs7InTheBodyOnly() throws Exception {
        SimHttp.Answer answer = http.agent(QUERY_XML, InvoiceXml.xmlQuery(KEY, null, null, "ai:sentinel:check", false));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("szlahu_error_code")).isEmpty();
        assertThat(answer.header("szlahu_error")).isEmpty();
        assertThat(answer.header("szlahu_szamlaszam")).isEmpty();
        assertThat(answer.header("szlahu_id")).isEmpty();
        assertThat(answer.xmlText("sikeres")).isEqualTo("false");
        assertThat(answer.xmlText("hibakod")).isEqualTo("7");
        assertThat(answer.xml().getNamespaceURI()).isEqualTo("http://www.szamlazz.hu/xmlszamlavalasz");
        SimHttp.assertValidResponse("xmlszamlavalasz", answer.body());
        assertThat(simulator.stats().queries()).isEqualTo(1);
    }

    @Test
    void queryWithAnUnknownKeyIs3WithHeaders() throws Exception {
        SimHttp.Answer answer = http.agent(QUERY_XML,
                InvoiceXml.xmlQuery(TestKeys.key("nosuchkey"), null, null, "ai:x", false));

        assertThat(answer.header("szlahu_error_code")).contains("3");
        assertThat(answer.xmlText("hibakod")).isEqualTo("3");
    }

    @Test
    void xmlQueryCanIncludeThePdf() throws Exception {
        String number = create(invoice());

        SimHttp.Answer answer = http.agent(QUERY_XML, InvoiceXml.xmlQuery(KEY, number, null, null, true));

        byte[] pdf = Base64.getMimeDecoder().decode(answer.xmlText("pdf"));
        assertThat(new String(pdf, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        SimHttp.assertValidResponse("szamla", answer.body());
        assertThat(simulator.stats().pdfs()).isEqualTo(1);
    }

    @Test
    void pdfQueryVersion1ReturnsRawPdfBytes() throws Exception {
        String number = create(invoice().orderNumber("P-4"));

        SimHttp.Answer answer = http.agent(QUERY_PDF, InvoiceXml.pdfQuery(KEY, null, "P-4", null, 1));

        assertThat(new String(answer.body(), 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        assertThat(answer.header("content-type")).contains("application/pdf");
        assertThat(answer.decodedHeader("szlahu_szamlaszam")).isEqualTo(number);
    }

    @Test
    void pdfQueryVersion2ReturnsBase64InXmlszamlavalasz() throws Exception {
        String number = create(invoice().externalId("ai:org:P-5"));

        SimHttp.Answer answer = http.agent(QUERY_PDF, InvoiceXml.pdfQuery(KEY, null, null, "ai:org:P-5", 2));

        assertThat(answer.xmlText("sikeres")).isEqualTo("true");
        assertThat(answer.xmlText("szamlaszam")).isEqualTo(number);
        byte[] pdf = Base64.getMimeDecoder().decode(answer.xmlText("pdf"));
        assertThat(new String(pdf, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        SimHttp.assertValidResponse("xmlszamlavalasz", answer.body());
        assertThat(simulator.stats().pdfs()).isEqualTo(1);
    }

    @Test
    void pdfQueryNotFoundIs7() throws Exception {
        SimHttp.Answer answer = http.agent(QUERY_PDF, InvoiceXml.pdfQuery(KEY, "TIX-2026-99", null, null, 2));

        assertThat(answer.xmlText("hibakod")).isEqualTo("7");
        assertThat(answer.header("szlahu_error_code")).contains("7");
    }

    @Test
    void stornoCreatesAnSsDocumentWithNegativeTotals() throws Exception {
        String invoice = create(invoice().orderNumber("P-6").externalId("ai:org:P-6"));

        SimHttp.Answer answer = http.agent(STORNO, InvoiceXml.storno(KEY, invoice, 2, false));

        assertThat(answer.header("szlahu_error_code")).isEmpty();
        assertThat(answer.decodedHeader("szlahu_szamlaszam")).isEqualTo("TIX-2026-2");
        assertThat(answer.header("szlahu_nettovegosszeg")).contains("-39354");
        assertThat(answer.header("szlahu_bruttovegosszeg")).contains("-49980");
        assertThat(answer.xmlText("szamlanetto")).isEqualTo("-39354");
        assertThat(answer.xmlText("szamlabrutto")).isEqualTo("-49980");
        assertThat(answer.xmlText("kintlevoseg")).startsWith("-");
        SimHttp.assertValidResponse("xmlszamlavalasz", answer.body());

        SimDocument original = simulator.documentsByOrderNumber("P-6").getFirst();
        SimDocument storno = simulator.documentsByOrderNumber("P-6").getLast();
        assertThat(original.reversedBy()).isEqualTo("TIX-2026-2");
        assertThat(storno.type()).isEqualTo(DocumentType.SS);
        assertThat(storno.reverses()).isEqualTo(invoice);
        assertThat(storno.gross()).isEqualByComparingTo("-49980");

        SimHttp.Answer query = http.agent(QUERY_XML, InvoiceXml.xmlQuery(KEY, invoice, null, null, false));
        assertThat(query.xmlText("alap", "sztornozott")).isEqualTo("true");
    }

    @Test
    void repeatedStornoReturnsTheSameNumberWithoutASecondDocument() throws Exception {
        String invoice = create(invoice());

        String first = http.agent(STORNO, InvoiceXml.storno(KEY, invoice, 2, false)).decodedHeader("szlahu_szamlaszam");
        SimHttp.Answer again = http.agent(STORNO, InvoiceXml.storno(KEY, invoice, 2, false));

        assertThat(again.decodedHeader("szlahu_szamlaszam")).isEqualTo(first);
        assertThat(again.xmlText("szamlabrutto")).isEqualTo("-49980");
        assertThat(simulator.documents()).hasSize(2);
        assertThat(simulator.stats().stornos()).isEqualTo(1);
    }

    @Test
    void stornoOfAStornoIs14() throws Exception {
        String invoice = create(invoice());
        String storno = http.agent(STORNO, InvoiceXml.storno(KEY, invoice, 2, false)).decodedHeader("szlahu_szamlaszam");

        SimHttp.Answer answer = http.agent(STORNO, InvoiceXml.storno(KEY, storno, 2, false));

        assertThat(answer.header("szlahu_error_code")).contains("14");
        assertThat(answer.decodedHeader("szlahu_error"))
                .isEqualTo("Sztornó és jóváíró számlát nem lehet sem sztornózni, sem jóváírni.");
        assertThat(simulator.documents()).hasSize(2);
    }

    @Test
    void stornoOfAnUnknownNumberIs7() throws Exception {
        SimHttp.Answer answer = http.agent(STORNO, InvoiceXml.storno(KEY, "TIX-2026-404", 2, false));

        assertThat(answer.header("szlahu_error_code")).contains("7");
        assertThat(answer.xmlText("hibakod")).isEqualTo("7");
    }

    @Test
    void stornoVersion1AnswersDoneText() throws Exception {
        String invoice = create(invoice());

        SimHttp.Answer answer = http.agent(STORNO, InvoiceXml.storno(KEY, invoice, 1, false));

        assertThat(answer.text()).isEqualTo("xmlagentresponse=DONE;TIX-2026-2");
    }

    @Test
    void previewReturnsAPdfAndCreatesNothing() throws Exception {
        SimHttp.Answer v2 = http.agent(CREATE, invoice().orderNumber("P-9").preview(true).bytes());
        SimHttp.Answer v1 = http.agent(CREATE, invoice().orderNumber("P-9").preview(true).version(1).bytes());

        assertThat(v2.xmlText("sikeres")).isEqualTo("true");
        // the vendor's SDK needs szlahu_* headers: the number and id the create would get, nothing reserved
        assertThat(v2.decodedHeader("szlahu_szamlaszam")).isEqualTo("TIX-2026-1");
        assertThat(v2.header("szlahu_id")).contains("1");
        assertThat(v1.decodedHeader("szlahu_szamlaszam")).isEqualTo("TIX-2026-1");
        assertThat(v1.header("szlahu_id")).contains("1");
        assertThat(v2.header("szlahu_error_code")).isEmpty();
        byte[] pdf = Base64.getMimeDecoder().decode(v2.xmlText("pdf"));
        assertThat(new String(pdf, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        SimHttp.assertValidResponse("xmlszamlavalasz", v2.body());
        assertThat(new String(v1.body(), 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        assertThat(simulator.documents()).isEmpty();
        assertThat(simulator.stats().previews()).isEqualTo(2);
        assertThat(simulator.stats().creates()).isZero();
        // the order number is still free
        assertThat(create(invoice().orderNumber("P-9"))).isEqualTo("TIX-2026-1");
    }

    @Test
    void previewHeadersFollowThePrefixAndTheSequence() throws Exception {
        String first = create(invoice().prefix("EVT"));

        SimHttp.Answer preview = http.agent(CREATE, invoice().prefix("EVT").preview(true).bytes());
        SimHttp.Answer created = http.agent(CREATE, invoice().prefix("EVT").bytes());

        assertThat(first).isEqualTo("EVT-2026-1");
        assertThat(preview.decodedHeader("szlahu_szamlaszam")).isEqualTo("EVT-2026-2");
        assertThat(preview.header("szlahu_id")).isEqualTo(created.header("szlahu_id")).contains("2");
        assertThat(created.decodedHeader("szlahu_szamlaszam")).isEqualTo("EVT-2026-2");
    }

    @Test
    void specialVatCodesAreReportedAsAfatipusInQueries() throws Exception {
        String number = create(invoice().line("1", "5000", "AAM", "5000", "0", "5000"));

        SimHttp.Answer answer = http.agent(QUERY_XML, InvoiceXml.xmlQuery(KEY, number, null, null, false));

        assertThat(answer.xmlText("tetelek", "tetel", "afatipus")).isEqualTo("AAM");
        assertThat(answer.xmlText("tetelek", "tetel", "afakulcs")).isEqualTo("0");
        SimHttp.assertValidResponse("szamla", answer.body());
    }
}
