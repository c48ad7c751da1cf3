package hu.autoinvoice.agent;

import static hu.autoinvoice.agent.AgentFixtures.KEY;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class AgentResponseParserTest {

    private final AgentResponseParser parser = new AgentResponseParser();

    // --- vendor samples (read at run time from the reference folder) ----------------------------------------

    private static byte[] sample(String name) throws IOException {
        return Files.readAllBytes(AgentFixtures.responseSamplesOrSkip().resolve(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"xmlszamlavalasz.xml", "xmlszamlavalasz_pdf.xml", "querying_pdf_xmlszamlavalasz.xml"})
    void vendorSuccessSamplesAreIssuedDocuments(String name) throws IOException {
        IssuedDocument doc = ok(parser.document(reply(200, Map.of(), sample(name)), KEY));
        assertThat(doc.invoiceNumber()).isEqualTo("XXX-2012-3");
        assertThat(doc.netTotal()).contains(new BigDecimal("30000"));
        assertThat(doc.grossTotal()).contains(new BigDecimal("38100"));
        assertThat(doc.warningCode()).isEmpty();
        // the samples' <pdf> is abridged with "...." (not base64): dropped rather than passed on corrupt
        assertThat(doc.pdf()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"xmlszamlavalasz_error.xml", "observed-credit_entry_error.xml"})
    void vendorLoginErrorSampleIsKeyRejected(String name) throws IOException {
        AgentError error = failed(parser.document(reply(200, Map.of(), sample(name)), KEY));
        assertThat(error.outcomeClass()).isEqualTo(OutcomeClass.ACCOUNT);
        assertThat(error.code()).hasValue(3);
        assertThat(error.accountProblem()).contains(AccountProblem.KEY_REJECTED);
        assertThat(error.message()).startsWith("Bejelentkezési hiba").doesNotContain("\n");
    }

    /** The observed replies carry a bare '&' in vevoifiokurl, as the vendor really sends it: repaired, then parsed. */
    @ParameterizedTest
    @ValueSource(strings = {"observed-reversing_invoice_success.xml", "observed-credit_entry_success.xml"})
    void observedRepliesWithBareAmpersandAreRepairedAndParsed(String name) throws IOException {
        byte[] body = sample(name);
        assertThat(new String(body, StandardCharsets.UTF_8)).contains("vevoifiokpay&partguid");
        IssuedDocument doc = ok(parser.document(reply(200, Map.of(), body), KEY));
        assertThat(doc.invoiceNumber()).isEqualTo("XXX-2012-3");
        assertThat(doc.outstanding()).contains(BigDecimal.ZERO);
        assertThat(doc.buyerPortalUrl()).contains(
                "https://www.szamlazz.hu/szamla/?page=vevoifiokpay&partguid=ddddddddddddddd&szfejguid=bbbbbbbbbbbbbbbbbbbbb");
    }

    @Test
    void vendorQuerySampleIsInvoiceData() throws IOException {
        InvoiceData data = ok(parser.invoiceData(reply(200, Map.of(), sample("szamla_query.xml")), KEY));
        assertThat(data.invoiceNumber()).isEqualTo("D-LOLO-66");
        assertThat(data.documentType()).isEqualTo("D");
        assertThat(data.eInvoice()).isFalse();
        assertThat(data.reversed()).isFalse();
        assertThat(data.isStorno()).isFalse();
        assertThat(data.orderNumber()).isEmpty();
        assertThat(data.referencedNumber()).isEmpty();
        assertThat(data.issueDate()).contains(LocalDate.of(2024, 10, 9));
        assertThat(data.fulfilmentDate()).contains(LocalDate.of(2024, 10, 9));
        assertThat(data.currency()).contains("HUF");
        assertThat(data.netTotal()).contains(new BigDecimal("464"));
        assertThat(data.vatTotal()).contains(new BigDecimal("93"));
        assertThat(data.grossTotal()).contains(new BigDecimal("557"));
        assertThat(data.buyerName()).contains("Customer name");
        assertThat(data.pdf()).isEmpty(); // the sample's <pdf> is a placeholder sentence
    }

    @ParameterizedTest
    @ValueSource(strings = {"generating_invoice_text_error.txt", "reversing_invoice_text_error.txt",
            "querying_pdf_text_error.txt", "credit_entry_text_error.txt"})
    void vendorTextErrorsAreUnknownAloneAndClassifiedByTheirHeaderCode(String name) throws IOException {
        byte[] body = sample(name);
        AgentError alone = failed(parser.document(reply(200, Map.of(), body), KEY));
        assertThat(alone.outcomeClass()).isEqualTo(OutcomeClass.UNKNOWN);
        assertThat(alone.code()).isEmpty();
        assertThat(alone.message()).isEqualTo("Számla mentés sikertelen. Már létező rendelésszám: XX.");

        AgentError withHeader = failed(parser.document(reply(200, Map.of("szlahu_error_code", "71"), body), KEY));
        assertThat(withHeader.outcomeClass()).isEqualTo(OutcomeClass.DUPLICATE_ORDER);
        assertThat(withHeader.code()).hasValue(71);
        assertThat(withHeader.message()).isEqualTo("Számla mentés sikertelen. Már létező rendelésszám: XX.");
    }

    // --- headers ------------------------------------------------------------------------------------------

    @Test
    void szlahuDownWinsOverEverything() {
        AgentResult<IssuedDocument> r = parser.document(reply(200, Map.of("szlahu_down", "true",
                "szlahu_szamlaszam", "TIX-1"), successBody("TIX-1")), KEY);
        assertThat(failed(r).outcomeClass()).isEqualTo(OutcomeClass.TRANSIENT);
        assertThat(ok(parser.document(reply(200, Map.of("szlahu_down", "  "), successBody("TIX-1")), KEY)).invoiceNumber())
                .isEqualTo("TIX-1");
    }

    @Test
    void headerErrorIsUrlDecodedAndClassified() {
        String message = URLEncoder.encode("Bejelentkezési hiba - lépjen be böngészőn keresztül", StandardCharsets.UTF_8);
        AgentError e = failed(parser.document(reply(200, Map.of("szlahu_error_code", "136", "szlahu_error", message),
                errorBody(136, "x")), KEY));
        assertThat(e.outcomeClass()).isEqualTo(OutcomeClass.ACCOUNT);
        assertThat(e.accountProblem()).contains(AccountProblem.ACCOUNT_BLOCKED);
        assertThat(e.message()).isEqualTo("Bejelentkezési hiba - lépjen be böngészőn keresztül");
    }

    @Test
    void warning56WithNumberIsSuccessAndHeaderTotalsMayUseADecimalComma() {
        Map<String, String> headers = Map.of("szlahu_error_code", "56", "szlahu_error", "e-mail+failed",
                "szlahu_szamlaszam", "TIX%2F2026-7", "szlahu_nettovegosszeg", "100,01", "szlahu_bruttovegosszeg", "127,01");
        IssuedDocument doc = ok(parser.document(reply(200, headers, "<?xml version=\"1.0\"?><xmlszamlavalasz xmlns=\"http://www.szamlazz.hu/xmlszamlavalasz\"><sikeres>true</sikeres></xmlszamlavalasz>"
                .getBytes(StandardCharsets.UTF_8)), KEY));
        assertThat(doc.invoiceNumber()).isEqualTo("TIX/2026-7");
        assertThat(doc.warningCode()).hasValue(56);
        assertThat(doc.netTotal()).contains(new BigDecimal("100.01"));
        assertThat(doc.grossTotal()).contains(new BigDecimal("127.01"));

        IssuedDocument fromBody = ok(parser.document(reply(200, Map.of(), errorBodyWithNumber(56, "TIX-9")), KEY));
        assertThat(fromBody.invoiceNumber()).isEqualTo("TIX-9");
        assertThat(fromBody.warningCode()).hasValue(56);
    }

    @Test
    void warning56WithoutNumberIsUnknown() {
        AgentError e = failed(parser.document(reply(200, Map.of("szlahu_error_code", "56"), new byte[0]), KEY));
        assertThat(e.outcomeClass()).isEqualTo(OutcomeClass.UNKNOWN);
        assertThat(e.code()).hasValue(56);
    }

    // --- success headers on queries and previews ------------------------------------------------------------

    /**
     * Success headers as the vendor sends them on an XML query or a preview (the number and id; the vendor's own SDK
     * takes a success without any {@code szlahu_*} header as an invalid answer), and with the totals too. The product
     * reads those answers from the body alone: the same result with or without them.
     */
    static List<Map<String, String>> querySuccessHeaders() {
        return List.of(
                Map.of("szlahu_szamlaszam", "TIX-2026-7", "szlahu_id", "924307747"),
                Map.of("szlahu_szamlaszam", "TIX-2026-7", "szlahu_id", "924307747", "szlahu_nettovegosszeg", "39354",
                        "szlahu_bruttovegosszeg", "49980", "szlahu_kintlevoseg", "0"));
    }

    @ParameterizedTest
    @MethodSource("querySuccessHeaders")
    void aQueryAnswerReadsTheSameWithAndWithoutItsSuccessHeaders(Map<String, String> headers) {
        byte[] pdf = "%PDF-1.4 query".getBytes(StandardCharsets.US_ASCII);
        byte[] body = ("""
                <?xml version="1.0" encoding="UTF-8"?>
                <szamla xmlns="http://www.szamlazz.hu/szamla"><alap><id>924307747</id><szamlaszam>TIX-2026-7</szamlaszam>
                <tipus>SZ</tipus><eszamla>1</eszamla><kelt>2026-11-27</kelt><telj>2026-11-27</telj>
                <rendelesszam>P-2026-000123</rendelesszam><devizanem>HUF</devizanem></alap><vevo><nev>Kiss Anna</nev></vevo>
                <osszegek><totalossz><netto>39354</netto><afa>10626</afa><brutto>49980</brutto></totalossz></osszegek>
                <pdf>""" + Base64.getEncoder().encodeToString(pdf) + "</pdf></szamla>").getBytes(StandardCharsets.UTF_8);

        InvoiceData without = ok(parser.invoiceData(reply(200, Map.of(), body), KEY));
        InvoiceData with = ok(parser.invoiceData(reply(200, headers, body), KEY));

        assertThat(without.invoiceNumber()).isEqualTo("TIX-2026-7");
        assertThat(without.orderNumber()).contains("P-2026-000123");
        assertThat(without.grossTotal()).contains(new BigDecimal("49980"));
        assertThat(without.pdf()).hasValueSatisfying(p -> assertThat(p).isEqualTo(pdf));
        assertThat(with).usingRecursiveComparison().ignoringFields("pdf").isEqualTo(without);
        assertThat(with.pdf()).hasValueSatisfying(p -> assertThat(p).isEqualTo(pdf));
    }

    @ParameterizedTest
    @MethodSource("querySuccessHeaders")
    void aPreviewAnswerReadsTheSameWithAndWithoutItsSuccessHeaders(Map<String, String> headers) {
        byte[] pdf = "%PDF-1.4 preview".getBytes(StandardCharsets.US_ASCII);
        byte[] v2 = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><xmlszamlavalasz xmlns=\"http://www.szamlazz.hu/xmlszamlavalasz\">"
                + "<sikeres>true</sikeres><pdf>" + Base64.getEncoder().encodeToString(pdf) + "</pdf></xmlszamlavalasz>")
                .getBytes(StandardCharsets.UTF_8);

        for (byte[] body : List.of(v2, pdf)) { // valaszVerzio 2, and 1 (the raw PDF)
            InvoicePreview without = ok(parser.preview(reply(200, Map.of(), body), KEY));
            InvoicePreview with = ok(parser.preview(reply(200, headers, body), KEY));

            assertThat(without.pdf()).hasValueSatisfying(p -> assertThat(p).isEqualTo(pdf));
            assertThat(with.pdf()).hasValueSatisfying(p -> assertThat(p).isEqualTo(pdf));
        }
    }

    // --- bodies ----------------------------------------------------------------------------------------------

    @Test
    void bodyOnlyErrorsAreRead() {
        AgentError notFound = failed(parser.invoiceData(reply(200, Map.of(), errorBody(7, "Hiányzó adat: ismeretlen külső azonosító")), KEY));
        assertThat(notFound.outcomeClass()).isEqualTo(OutcomeClass.NOT_FOUND);
        assertThat(notFound.code()).hasValue(7);
        AgentError unknownCode = failed(parser.document(reply(200, Map.of(), errorBody(999, "új hiba")), KEY));
        assertThat(unknownCode.outcomeClass()).isEqualTo(OutcomeClass.UNKNOWN);
        assertThat(unknownCode.code()).hasValue(999);
        AgentError noCode = failed(parser.document(reply(200, Map.of(), errorBody(-1, "valami")), KEY));
        assertThat(noCode.outcomeClass()).isEqualTo(OutcomeClass.UNKNOWN);
    }

    @Test
    void pdfIsDecodedFromBase64() {
        byte[] pdf = "%PDF-1.4 test document".getBytes(StandardCharsets.US_ASCII);
        String b64 = Base64.getMimeEncoder(20, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pdf);
        String body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><xmlszamlavalasz xmlns=\"http://www.szamlazz.hu/xmlszamlavalasz\">"
                + "<sikeres>true</sikeres><szamlaszam>TIX-1</szamlaszam><szamlanetto>-30000</szamlanetto>"
                + "<szamlabrutto>-38100</szamlabrutto><pdf>" + b64 + "</pdf></xmlszamlavalasz>";
        IssuedDocument doc = ok(parser.document(reply(200, Map.of(), body.getBytes(StandardCharsets.UTF_8)), KEY));
        assertThat(doc.pdf()).hasValueSatisfying(p -> assertThat(p).isEqualTo(pdf));
        assertThat(doc.netTotal()).contains(new BigDecimal("-30000"));
        assertThat(doc.toString()).contains("TIX-1").doesNotContain(b64.substring(0, 10));

        InvoicePreview preview = ok(parser.preview(reply(200, Map.of(), body.getBytes(StandardCharsets.UTF_8)), KEY));
        assertThat(preview.pdf()).hasValueSatisfying(p -> assertThat(p).isEqualTo(pdf));
    }

    @Test
    void v1FormsAreUnderstood() {
        IssuedDocument done = ok(parser.document(reply(200, Map.of("szlahu_nettovegosszeg", "1000"),
                "xmlagentresponse=DONE;TIX-2026-1\n".getBytes(StandardCharsets.UTF_8)), KEY));
        assertThat(done.invoiceNumber()).isEqualTo("TIX-2026-1");
        assertThat(done.netTotal()).contains(new BigDecimal("1000"));

        byte[] rawPdf = "%PDF-1.4\n...".getBytes(StandardCharsets.US_ASCII);
        IssuedDocument pdf = ok(parser.document(reply(200, Map.of("szlahu_szamlaszam", "TIX-2026-2"), rawPdf), KEY));
        assertThat(pdf.invoiceNumber()).isEqualTo("TIX-2026-2");
        assertThat(pdf.pdf()).hasValueSatisfying(p -> assertThat(p).isEqualTo(rawPdf));
        assertThat(failed(parser.document(reply(200, Map.of(), rawPdf), KEY)).outcomeClass()).isEqualTo(OutcomeClass.UNKNOWN);
    }

    @Test
    void stornoQueryDataIsRead() {
        String body = """
                <?xml version="1.0" encoding="UTF-8"?>
                <szamla xmlns="http://www.szamlazz.hu/szamla"><alap><id>1</id><szamlaszam>TIX-2026-8</szamlaszam>
                <tipus>SS</tipus><eszamla>3</eszamla><hivszamlaszam>TIX-2026-7</hivszamlaszam><kelt>2026-11-28</kelt>
                <telj>2026-11-27</telj><rendelesszam>P-2026-000123</rendelesszam><devizanem>EUR</devizanem>
                <sztornozott>true</sztornozott></alap><vevo><nev>Kiss &amp; Anna</nev></vevo>
                <osszegek><afakulcsossz><afakulcs>27</afakulcs><netto>-98.43</netto><afa>-26.57</afa><brutto>-125</brutto></afakulcsossz>
                <totalossz><netto>-98.43</netto><afa>-26.57</afa><brutto>-125</brutto></totalossz></osszegek></szamla>""";
        InvoiceData data = ok(parser.invoiceData(reply(200, Map.of(), body.getBytes(StandardCharsets.UTF_8)), KEY));
        assertThat(data.isStorno()).isTrue();
        assertThat(data.eInvoice()).isTrue();
        assertThat(data.reversed()).isTrue();
        assertThat(data.referencedNumber()).contains("TIX-2026-7");
        assertThat(data.orderNumber()).contains("P-2026-000123");
        assertThat(data.currency()).contains("EUR");
        assertThat(data.grossTotal()).contains(new BigDecimal("-125"));
        assertThat(data.buyerName()).contains("Kiss & Anna");
        // a document reply where data was expected, and vice versa, is not trusted
        assertThat(failed(parser.document(reply(200, Map.of(), body.getBytes(StandardCharsets.UTF_8)), KEY)).outcomeClass())
                .isEqualTo(OutcomeClass.UNKNOWN);
        assertThat(failed(parser.invoiceData(reply(200, Map.of(), successBody("X")), KEY)).outcomeClass())
                .isEqualTo(OutcomeClass.UNKNOWN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "<xmlszamlavalasz><sikeres>true", "<html><body>Bad gateway</body></html>",
            "hello", "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>"})
    void unparsableOrUnexpectedBodiesAreUnknown(String body) {
        AgentError e = failed(parser.document(reply(200, Map.of(), body.getBytes(StandardCharsets.UTF_8)), KEY));
        assertThat(e.outcomeClass()).isEqualTo(OutcomeClass.UNKNOWN);
        assertThat(e.code()).isEmpty();
        assertThat(e.message()).doesNotContain("root:");
    }

    @Test
    void httpStatusAndTransportFailuresAreValues() {
        assertThat(failed(parser.document(reply(503, Map.of(), "busy".getBytes()), KEY)).outcomeClass()).isEqualTo(OutcomeClass.TRANSIENT);
        assertThat(failed(parser.document(reply(500, Map.of(), successBody("X")), KEY)).outcomeClass()).isEqualTo(OutcomeClass.TRANSIENT);
        assertThat(failed(parser.document(reply(302, Map.of("Location", "https://evil.example/"), new byte[0]), KEY)).outcomeClass())
                .isEqualTo(OutcomeClass.UNKNOWN);
        assertThat(failed(parser.document(new TransportOutcome.TimedOut("no reply within PT60S"), KEY)).outcomeClass())
                .isEqualTo(OutcomeClass.TRANSIENT);
        assertThat(failed(parser.invoiceData(new TransportOutcome.IoFailure("closed"), KEY)).outcomeClass())
                .isEqualTo(OutcomeClass.TRANSIENT);
        assertThat(failed(parser.document(reply(200, Map.of(), errorBody(1, "Rendszerkarbantartás")), KEY)).outcomeClass())
                .isEqualTo(OutcomeClass.TRANSIENT);
        assertThat(failed(parser.document(reply(200, Map.of("szlahu_error_code", "152"), errorBody(152, "Már létező rendelésszám")), KEY))
                .outcomeClass()).isEqualTo(OutcomeClass.DUPLICATE_ORDER);
    }

    @Test
    void theKeyIsScrubbedFromEveryVendorMessage() {
        String k = KEY.reveal();
        String schemaError = "XML beolvasási hiba. cvc-complex-type.2.4.a: Invalid content starting with element 'x'. "
                + "Value '" + k + "' / '" + k.toUpperCase() + "' / '" + URLEncoder.encode(k + "é", StandardCharsets.UTF_8) + "'";
        AgentError body = failed(parser.document(reply(200, Map.of(), errorBody(57, schemaError)), KEY));
        AgentError header = failed(parser.document(reply(200, Map.of("szlahu_error_code", "57",
                "szlahu_error", URLEncoder.encode(schemaError, StandardCharsets.UTF_8)), new byte[0]), KEY));
        AgentError text = failed(parser.document(reply(200, Map.of(), ("[ERR] bad " + k + " ---------- trace").getBytes(StandardCharsets.UTF_8)), KEY));
        for (AgentError e : List.of(body, header, text)) {
            assertThat(e.message()).doesNotContainIgnoringCase(k).contains("****");
            assertThat(e.toString()).doesNotContainIgnoringCase(k);
        }
        assertThat(body.outcomeClass()).isEqualTo(OutcomeClass.DATA);
    }

    @Test
    void longMessagesAreShortened() {
        AgentError e = failed(parser.document(reply(200, Map.of(), errorBody(57, "x".repeat(5000))), KEY));
        assertThat(e.message()).hasSizeLessThan(600);
    }

    @Test
    void ampersandRepairLeavesCdataAndReferencesAlone() {
        assertThat(AgentResponseParser.repairAmpersands("<a>x&y &amp; &#38; &#x26; <![CDATA[a&b]]> & </a>"))
                .isEqualTo("<a>x&amp;y &amp; &#38; &#x26; <![CDATA[a&b]]> &amp; </a>");
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    static TransportOutcome.Reply reply(int status, Map<String, String> headers, byte[] body) {
        Map<String, List<String>> h = new LinkedHashMap<>();
        headers.forEach((k, v) -> h.put(k, List.of(v)));
        return new TransportOutcome.Reply(status, h, body);
    }

    static byte[] successBody(String number) {
        return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><xmlszamlavalasz xmlns=\"http://www.szamlazz.hu/xmlszamlavalasz\">"
                + "<sikeres>true</sikeres><szamlaszam>" + number + "</szamlaszam><szamlanetto>1000</szamlanetto>"
                + "<szamlabrutto>1270</szamlabrutto></xmlszamlavalasz>").getBytes(StandardCharsets.UTF_8);
    }

    static byte[] errorBody(int code, String message) {
        return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><xmlszamlavalasz xmlns=\"http://www.szamlazz.hu/xmlszamlavalasz\">"
                + "<sikeres>false</sikeres>" + (code >= 0 ? "<hibakod>" + code + "</hibakod>" : "")
                + "<hibauzenet><![CDATA[" + message + "]]></hibauzenet></xmlszamlavalasz>").getBytes(StandardCharsets.UTF_8);
    }

    static byte[] errorBodyWithNumber(int code, String number) {
        return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><xmlszamlavalasz xmlns=\"http://www.szamlazz.hu/xmlszamlavalasz\">"
                + "<sikeres>false</sikeres><hibakod>" + code + "</hibakod><hibauzenet>értesítő nem ment ki</hibauzenet>"
                + "<szamlaszam>" + number + "</szamlaszam></xmlszamlavalasz>").getBytes(StandardCharsets.UTF_8);
    }

    static <T> T ok(AgentResult<T> result) {
        assertThat(result).isInstanceOf(AgentResult.Ok.class);
        return ((AgentResult.Ok<T>) result).value();
    }

    static AgentError failed(AgentResult<?> result) {
        assertThat(result).isInstanceOf(AgentResult.Failed.class);
        return ((AgentResult.Failed<?>) result).error();
    }

}
