package hu.autoinvoice.agent;

import static hu.autoinvoice.agent.AgentFixtures.AAM;
import static hu.autoinvoice.agent.AgentFixtures.KEY;
import static hu.autoinvoice.agent.AgentFixtures.VAT_27;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hu.autoinvoice.invoice.CallId;
import hu.autoinvoice.invoice.PaymentMethod;
import hu.autoinvoice.invoice.ReceiptDraft;
import hu.autoinvoice.invoice.ReceiptLine;
import hu.autoinvoice.invoice.VatRate;
import hu.autoinvoice.testing.VendorSchemas;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Receipt requests: rendered from the domain, every one valid against its vendor XSD (read at run time). */
class ReceiptRequestRendererTest {

    private static final VatRate VAT_5 = new VatRate("5", new BigDecimal("5"));
    private static final VatRate VAT_0 = new VatRate("0", BigDecimal.ZERO);
    private final AgentRequestRenderer renderer = new AgentRequestRenderer();

    static ReceiptDraft draft(List<ReceiptLine> lines) {
        return new ReceiptDraft("NYGT", CallId.of("org-42", "P-2026-1"), PaymentMethod.CARD, "HUF",
                Optional.of("P-2026-1"), Optional.empty(), lines);
    }

    static ReceiptLine ticket(String grossUnitPrice, String quantity, VatRate vat) {
        return ReceiptLine.ofGross("Belépőjegy", new BigDecimal(quantity), "db", new BigDecimal(grossUnitPrice), vat,
                "HUF");
    }

    private static String text(AgentRequest request) {
        return new String(request.xml(), StandardCharsets.UTF_8);
    }

    @Test
    void createIsValidAndCarriesTheCallIdPrefixAndGrossLines() {
        VendorSchemas schemas = AgentFixtures.schemasOrSkip();
        AgentRequest request = renderer.createReceipt(KEY, draft(List.of(ticket("4990", "2", VAT_27),
                ticket("1990", "1", VAT_5), ticket("300", "1", VAT_0), ticket("1000", "1", AAM))));

        assertThat(schemas.validateRequest("xmlnyugtacreate", request.xml())).isEmpty();
        assertThat(request.action()).isEqualTo(AgentAction.CREATE_RECEIPT);
        assertThat(request.action().fieldName()).isEqualTo("action-szamla_agent_nyugta_create");
        assertThat(text(request))
                .contains("<xmlnyugtacreate xmlns=\"http://www.szamlazz.hu/xmlnyugtacreate\">")
                .contains("<pdfLetoltes>false</pdfLetoltes>")
                .contains("<hivasAzonosito>ai:org-42:P-2026-1</hivasAzonosito><elotag>NYGT</elotag>"
                        + "<fizmod>bankkártya</fizmod><penznem>HUF</penznem><rendelesSzam>P-2026-1</rendelesSzam>")
                .contains("<mennyiseg>2</mennyiseg><mennyisegiEgyseg>db</mennyisegiEgyseg>"
                        + "<nettoEgysegar>3929.135</nettoEgysegar><afakulcs>27</afakulcs><netto>7858.27</netto>"
                        + "<afa>2121.73</afa><brutto>9980</brutto>")
                .contains("<afakulcs>AAM</afakulcs><netto>1000.00</netto><afa>0.00</afa><brutto>1000</brutto>")
                .doesNotContain("kifizetes");
    }

    @Test
    void stornoGetAndSendAreValid() {
        VendorSchemas schemas = AgentFixtures.schemasOrSkip();
        CallId callId = CallId.of("org-42", "P-2026-1");

        AgentRequest storno = renderer.reverseReceipt(KEY, "NYGT-2026-1", Optional.of(new CallId("ai:org-42:P-2026-1:st")));
        AgentRequest plainStorno = renderer.reverseReceipt(KEY, "NYGT-2026-1", Optional.empty());
        AgentRequest byCallId = renderer.getReceipt(KEY, new ReceiptSelector.ByCallId(callId), false);
        AgentRequest byNumber = renderer.getReceipt(KEY, new ReceiptSelector.ByNumber("NYGT-2026-1"), true);
        AgentRequest send = renderer.sendReceipt(KEY, "NYGT-2026-1", "vevo@example.hu", "Nyugta", Optional.of("Köszönjük"));

        assertThat(schemas.validateRequest("xmlnyugtast", storno.xml())).isEmpty();
        assertThat(schemas.validateRequest("xmlnyugtast", plainStorno.xml())).isEmpty();
        assertThat(schemas.validateRequest("xmlnyugtaget", byCallId.xml())).isEmpty();
        assertThat(schemas.validateRequest("xmlnyugtaget", byNumber.xml())).isEmpty();
        assertThat(schemas.validateRequest("xmlnyugtasend", send.xml())).isEmpty();
        assertThat(text(storno)).contains("<nyugtaszam>NYGT-2026-1</nyugtaszam><hivasAzonosito>ai:org-42:P-2026-1:st");
        assertThat(text(plainStorno)).doesNotContain("hivasAzonosito");
        assertThat(text(byCallId)).contains("<hivasAzonosito>ai:org-42:P-2026-1</hivasAzonosito>")
                .doesNotContain("nyugtaszam");
        assertThat(text(byNumber)).contains("<pdfLetoltes>true</pdfLetoltes>").contains("<nyugtaszam>NYGT-2026-1<");
        assertThat(text(send)).contains("<email>vevo@example.hu</email><emailTargy>Nyugta</emailTargy>");
        assertThat(storno.toString()).doesNotContain(KEY.reveal());
    }

    @ParameterizedTest(name = "{0} × {1} at {2}% → net {3}, VAT {4}, gross {5}")
    @CsvSource({
        "4990, 1, 27, 3929.13, 1060.87, 4990",
        "4990, 3, 27, 11787.40, 3182.60, 14970",
        "1, 1, 27, 0.79, 0.21, 1",
        "9999, 1, 5, 9522.86, 476.14, 9999",
        "2500, 1, 0, 2500.00, 0.00, 2500",
        "1234.5, 1, 27, 972.44, 262.56, 1235",   // a fractional HUF price: the gross is rounded to whole forints
        "1234.4, 2, 18, 2092.37, 376.63, 2469"})
    void grossOnlyLinesGiveWholeForintsAndNetPlusVatIsTheGross(String unit, String qty, String rate, String net,
            String vat, String gross) {
        ReceiptLine line = ticket(unit, qty, new VatRate(rate, new BigDecimal(rate)));

        assertThat(line.grossAmount()).isEqualByComparingTo(gross);
        assertThat(line.grossAmount().stripTrailingZeros().scale()).isLessThanOrEqualTo(0);
        assertThat(line.netAmount()).isEqualByComparingTo(net);
        assertThat(line.vatAmount()).isEqualByComparingTo(vat);
        assertThat(line.netAmount().add(line.vatAmount())).isEqualByComparingTo(line.grossAmount());
        assertThat(line.netAmount().scale()).isLessThanOrEqualTo(2);
        // the vendor's own checks: |net − unit × qty| and |VAT − net × rate| within a forint
        assertThat(line.netUnitPrice().multiply(line.quantity()).subtract(line.netAmount()).abs())
                .isLessThan(new BigDecimal("0.01"));
        assertThat(line.netAmount().multiply(new BigDecimal(rate)).movePointLeft(2).subtract(line.vatAmount()).abs())
                .isLessThan(BigDecimal.ONE);
    }

    @Test
    void aLineWhoseNetAndVatDoNotAddUpIsRefused() {
        assertThatThrownBy(() -> new ReceiptLine("x", BigDecimal.ONE, "db", BigDecimal.TEN, VAT_27, BigDecimal.TEN,
                BigDecimal.ONE, BigDecimal.TEN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aMalformedPrefixOrNoLineIsRefusedBeforeAnythingIsSent() {
        List<ReceiptLine> lines = List.of(ticket("100", "1", VAT_27));
        assertThatThrownBy(() -> new ReceiptDraft("nygt", CallId.of("a", "b"), PaymentMethod.CARD, "HUF",
                Optional.empty(), Optional.empty(), lines)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> draft(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThat(draft(lines).grossTotal()).isEqualByComparingTo("100");
    }
}
