package hu.autoinvoice.agent;

import static hu.autoinvoice.agent.AgentFixtures.KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hu.autoinvoice.testing.VendorSchemas;
import hu.autoinvoice.invoice.Buyer;
import hu.autoinvoice.invoice.BuyerType;
import hu.autoinvoice.invoice.InvoiceDraft;
import hu.autoinvoice.invoice.InvoiceLine;
import hu.autoinvoice.invoice.InvoiceSettings;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

class AgentRequestRendererTest {

    private final AgentRequestRenderer renderer = new AgentRequestRenderer();

    static Stream<Arguments> createVariants() {
        List<Arguments> out = new ArrayList<>();
        for (BuyerType type : BuyerType.values()) {
            Buyer buyer = AgentFixtures.buyer(type, "Kiss Anna");
            List<InvoiceDraft> drafts = List.of(AgentFixtures.hufDraft(buyer), AgentFixtures.eurDraft(buyer),
                    AgentFixtures.specialVatDraft(buyer, AgentFixtures.AAM),
                    AgentFixtures.specialVatDraft(buyer, AgentFixtures.TAM));
            for (InvoiceDraft draft : drafts) {
                for (Optional<String> prefix : List.of(Optional.<String>empty(), Optional.of("TIX"))) {
                    for (boolean eInvoice : new boolean[] {true, false}) {
                        for (boolean preview : new boolean[] {false, true}) {
                            out.add(Arguments.of(type + "/" + draft.currency() + "/" + draft.lines().get(0).vatRate().agentValue()
                                    + "/prefix=" + prefix.isPresent() + "/e=" + eInvoice + "/preview=" + preview,
                                    new InvoiceSettings(eInvoice, prefix), draft, preview));
                        }
                    }
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("createVariants")
    void everyCreateVariantValidatesAgainstTheVendorSchema(String name, InvoiceSettings settings, InvoiceDraft draft, boolean preview) {
        VendorSchemas schemas = AgentFixtures.schemasOrSkip();
        AgentRequest request = renderer.createInvoice(KEY, settings, draft, preview);

        assertThat(schemas.validateRequest("xmlszamla", request.xml())).isEmpty();
        Element root = parse(request.xml());
        Element fejlec = child(root, "fejlec");
        assertThat(text(child(root, "beallitasok"), "eszamla")).isEqualTo(Boolean.toString(settings.eInvoice()));
        assertThat(optionalText(fejlec, "szamlaszamElotag")).isEqualTo(settings.prefix());
        assertThat(optionalText(fejlec, "elonezetpdf")).isEqualTo(preview ? Optional.of("true") : Optional.empty());
        assertThat(text(child(root, "vevo"), "adoalany")).isEqualTo(Integer.toString(draft.buyer().type().agentTaxSubject()));
    }

    @Test
    void createFollowsTheXsdSequenceAndCarriesTheDraft() {
        InvoiceDraft draft = AgentFixtures.eurDraft(AgentFixtures.buyer(BuyerType.EU_COMPANY, "Muster GmbH"));
        AgentRequest request = renderer.createInvoice(KEY, new InvoiceSettings(true, Optional.of("TIX")), draft, true);
        String xml = new String(request.xml(), StandardCharsets.UTF_8);

        assertThat(xml).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
        assertThat(request.action()).isEqualTo(AgentAction.CREATE_INVOICE);
        Element root = parse(request.xml());
        assertThat(root.getNamespaceURI()).isEqualTo("http://www.szamlazz.hu/xmlszamla");
        assertThat(childNames(root)).containsExactly("beallitasok", "fejlec", "elado", "vevo", "tetelek");
        assertThat(childNames(child(root, "beallitasok")))
                .containsExactly("szamlaagentkulcs", "eszamla", "szamlaLetoltes", "valaszVerzio", "szamlaKulsoAzon");
        assertThat(childNames(child(root, "fejlec"))).containsExactly("teljesitesDatum", "fizetesiHataridoDatum",
                "fizmod", "penznem", "szamlaNyelve", "arfolyamBank", "rendelesSzam", "szamlaszamElotag", "fizetve",
                "elonezetpdf");
        assertThat(childNames(child(root, "vevo"))).containsExactly("nev", "orszag", "irsz", "telepules", "cim",
                "email", "sendEmail", "adoalany", "adoszamEU");
        Element firstLine = (Element) child(root, "tetelek").getElementsByTagNameNS("*", "tetel").item(0);
        assertThat(childNames(firstLine)).containsExactly("megnevezes", "mennyiseg", "mennyisegiEgyseg",
                "nettoEgysegar", "afakulcs", "nettoErtek", "afaErtek", "bruttoErtek", "megjegyzes");

        Element beallitasok = child(root, "beallitasok");
        assertThat(text(beallitasok, "szamlaagentkulcs")).isEqualTo(KEY.reveal());
        assertThat(text(beallitasok, "valaszVerzio")).isEqualTo("2");
        assertThat(text(beallitasok, "szamlaLetoltes")).isEqualTo("true");
        assertThat(text(beallitasok, "szamlaKulsoAzon")).isEqualTo("ai:org-42:P-2026-000124");
        Element fejlec = child(root, "fejlec");
        assertThat(text(fejlec, "teljesitesDatum")).isEqualTo("2026-11-27");
        assertThat(text(fejlec, "fizetesiHataridoDatum")).isEqualTo("2026-12-05");
        assertThat(text(fejlec, "fizmod")).isEqualTo("átutalás");
        assertThat(text(fejlec, "penznem")).isEqualTo("EUR");
        assertThat(text(fejlec, "szamlaNyelve")).isEqualTo("en");
        assertThat(text(fejlec, "arfolyamBank")).isEqualTo("MNB");
        assertThat(text(fejlec, "rendelesSzam")).isEqualTo("P-2026-000124");
        assertThat(text(fejlec, "fizetve")).isEqualTo("false");
        assertThat(xml).doesNotContain("keltDatum");
        Element discount = (Element) child(root, "tetelek").getElementsByTagNameNS("*", "tetel").item(1);
        assertThat(text(discount, "nettoEgysegar")).isEqualTo("-9.84");
        assertThat(text(discount, "bruttoErtek")).isEqualTo("-12.50");
    }

    @Test
    void hufCreateHasNoExchangeBankNoPreviewAndDownloadsNoPdf() {
        InvoiceDraft draft = AgentFixtures.hufDraft(AgentFixtures.buyer(BuyerType.PERSON, "Kiss Anna"));
        Element root = parse(renderer.createInvoice(KEY, new InvoiceSettings(false, Optional.empty()), draft, false).xml());
        Element fejlec = child(root, "fejlec");
        assertThat(childNames(fejlec)).doesNotContain("arfolyamBank", "arfolyam", "szamlaszamElotag", "elonezetpdf", "keltDatum");
        assertThat(text(fejlec, "megjegyzes")).isEqualTo("Köszönjük a vásárlást!");
        assertThat(text(fejlec, "fizetve")).isEqualTo("true");
        assertThat(text(child(root, "beallitasok"), "szamlaLetoltes")).isEqualTo("false");
        assertThat(text(child(root, "vevo"), "adoalany")).isEqualTo("-1");
        assertThat(childNames(child(root, "vevo"))).doesNotContain("adoszam", "adoszamEU");
    }

    @Test
    void decimalsAreNeverInExponentForm() {
        InvoiceLine line = new InvoiceLine("Jegy", new BigDecimal("1E+1"), "db", new BigDecimal("1.0E+3"),
                AgentFixtures.VAT_27, new BigDecimal("1E+4"), new BigDecimal("2.7E+3"), new BigDecimal("12700"),
                Optional.empty());
        InvoiceDraft base = AgentFixtures.hufDraft(AgentFixtures.buyer(BuyerType.PERSON, "X"));
        InvoiceDraft draft = base.withLines(List.of(line));
        String xml = new String(renderer.createInvoice(KEY, new InvoiceSettings(false, Optional.empty()), draft, false).xml(),
                StandardCharsets.UTF_8);
        assertThat(xml).contains("<mennyiseg>10</mennyiseg>", "<nettoEgysegar>1000</nettoEgysegar>",
                "<nettoErtek>10000</nettoErtek>", "<afaErtek>2700</afaErtek>").doesNotContain("E+");
    }

    static Stream<String> hostileStrings() {
        return Stream.of("Kiss <Anna> & \"Társa\" 'Kft'", "]]> <![CDATA[ x ]]>", "&amp; &lt; &#x41; &unknown;",
                "שלום עולם مرحبا 🎟️🎉 \u200F", "Tab\tand\nnewline\r\nand CR", "x".repeat(5000),
                "</nev><adoszam>1</adoszam>");
    }

    @ParameterizedTest
    @MethodSource("hostileStrings")
    void hostileTextRoundTripsEscapedAndStillValidates(String hostile) {
        VendorSchemas schemas = AgentFixtures.schemasOrSkip();
        Buyer buyer = AgentFixtures.buyer(BuyerType.PERSON, hostile);
        InvoiceDraft base = AgentFixtures.hufDraft(buyer);
        InvoiceLine l = base.lines().get(0);
        InvoiceLine hostileLine = new InvoiceLine(hostile, l.quantity(), hostile, l.netUnitPrice(), l.vatRate(),
                l.netAmount(), l.vatAmount(), l.grossAmount(), Optional.of(hostile));
        InvoiceDraft draft = new InvoiceDraft(hostile, hostile, base.fulfilmentDate(), base.paymentDueDate(),
                base.paymentMethod(), base.paid(), base.currency(), base.exchangeRateBank(), base.language(),
                Optional.of(hostile), buyer, List.of(hostileLine));

        AgentRequest request = renderer.createInvoice(KEY, new InvoiceSettings(true, Optional.of(hostile)), draft, false);

        assertThat(schemas.validateRequest("xmlszamla", request.xml())).isEmpty();
        Element root = parse(request.xml());
        // CR is written as &#13;, so even "\r\n" survives parsing exactly
        assertThat(text(child(root, "vevo"), "nev")).isEqualTo(hostile);
        assertThat(text(child(root, "fejlec"), "megjegyzes")).isEqualTo(hostile);
        assertThat(text(child(root, "fejlec"), "rendelesSzam")).isEqualTo(hostile);
        assertThat(text(child(root, "fejlec"), "szamlaszamElotag")).isEqualTo(hostile);
        assertThat(text(child(root, "beallitasok"), "szamlaKulsoAzon")).isEqualTo(hostile);
        Element line = (Element) child(root, "tetelek").getElementsByTagNameNS("*", "tetel").item(0);
        assertThat(text(line, "megnevezes")).isEqualTo(hostile);
        assertThat(childNames(child(root, "vevo"))).doesNotContain("adoszam");

        AgentRequest storno = renderer.reverseInvoice(KEY, hostile, false, Optional.of(hostile));
        assertThat(schemas.validateRequest("xmlszamlast", storno.xml())).isEmpty();
        assertThat(text(child(parse(storno.xml()), "fejlec"), "megjegyzes")).isEqualTo(hostile);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u0001", "\u0000", "\u001B", "\uFFFE", "\uD800", "\uDC00x"})
    void textXmlCannotCarryIsRefusedNamingTheFieldButNotTheKey(String bad) {
        InvoiceDraft base = AgentFixtures.hufDraft(AgentFixtures.buyer(BuyerType.PERSON, "Kiss " + bad + "Anna"));
        assertThatThrownBy(() -> renderer.createInvoice(KEY, new InvoiceSettings(false, Optional.empty()), base, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("buyer.name")
                .hasMessageNotContaining(KEY.reveal());

        InvoiceLine l = base.lines().get(0);
        InvoiceLine badComment = new InvoiceLine("ok", l.quantity(), l.unit(), l.netUnitPrice(), l.vatRate(),
                l.netAmount(), l.vatAmount(), l.grossAmount(), Optional.of("a" + bad));
        InvoiceDraft draft = AgentFixtures.hufDraft(AgentFixtures.buyer(BuyerType.PERSON, "ok")).withLines(List.of(l, badComment));
        assertThatThrownBy(() -> renderer.createInvoice(KEY, new InvoiceSettings(false, Optional.empty()), draft, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lines[1].comment")
                .hasMessageNotContaining(KEY.reveal());

        assertThatThrownBy(() -> renderer.reverseInvoice(KEY, "E-TIX-1", false, Optional.of(bad)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reason");
        assertThatThrownBy(() -> AgentKey.of(KEY.reveal() + bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("agent key")
                .hasMessageNotContaining(KEY.reveal());
    }

    @Test
    void stornoFollowsItsOwnSequenceWithoutIssueDate() {
        VendorSchemas schemas = AgentFixtures.schemasOrSkip();
        for (boolean eInvoice : new boolean[] {true, false}) {
            for (Optional<String> reason : List.of(Optional.<String>empty(), Optional.of("event cancelled"))) {
                AgentRequest request = renderer.reverseInvoice(KEY, "TIX-2026-12", eInvoice, reason);
                assertThat(request.action()).isEqualTo(AgentAction.REVERSE_INVOICE);
                assertThat(schemas.validateRequest("xmlszamlast", request.xml())).isEmpty();
                Element root = parse(request.xml());
                assertThat(root.getNamespaceURI()).isEqualTo("http://www.szamlazz.hu/xmlszamlast");
                assertThat(childNames(root)).containsExactly("beallitasok", "fejlec");
                assertThat(childNames(child(root, "beallitasok")))
                        .containsExactly("szamlaagentkulcs", "eszamla", "szamlaLetoltes", "valaszVerzio");
                assertThat(text(child(root, "beallitasok"), "eszamla")).isEqualTo(Boolean.toString(eInvoice));
                Element fejlec = child(root, "fejlec");
                assertThat(childNames(fejlec)).containsExactlyElementsOf(reason.isPresent()
                        ? List.of("szamlaszam", "megjegyzes", "tipus") : List.of("szamlaszam", "tipus"));
                assertThat(text(fejlec, "szamlaszam")).isEqualTo("TIX-2026-12");
                assertThat(text(fejlec, "tipus")).isEqualTo("SS");
            }
        }
    }

    static Stream<InvoiceSelector> selectors() {
        return Stream.of(new InvoiceSelector.ByNumber("TIX-2026-12"), new InvoiceSelector.ByOrderNumber("P-2026-000123"),
                new InvoiceSelector.ByExternalId("ai:org-42:P-2026-000123"));
    }

    @ParameterizedTest
    @MethodSource("selectors")
    void queriesCarryTheKeyAtTheRootAndValidate(InvoiceSelector selector) {
        VendorSchemas schemas = AgentFixtures.schemasOrSkip();
        String element = switch (selector) {
            case InvoiceSelector.ByNumber n -> "szamlaszam";
            case InvoiceSelector.ByOrderNumber o -> "rendelesSzam";
            case InvoiceSelector.ByExternalId e -> "szamlaKulsoAzon";
        };
        for (boolean withPdf : new boolean[] {false, true}) {
            AgentRequest query = renderer.queryInvoice(KEY, selector, withPdf);
            assertThat(query.action()).isEqualTo(AgentAction.QUERY_INVOICE);
            assertThat(schemas.validateRequest("xmlszamlaxml", query.xml())).isEmpty();
            Element root = parse(query.xml());
            assertThat(root.getNamespaceURI()).isEqualTo("http://www.szamlazz.hu/xmlszamlaxml");
            assertThat(childNames(root)).containsExactlyElementsOf(withPdf
                    ? (element.equals("szamlaKulsoAzon") ? List.of("szamlaagentkulcs", "pdf", element) : List.of("szamlaagentkulcs", element, "pdf"))
                    : List.of("szamlaagentkulcs", element));
            assertThat(text(root, element)).isEqualTo(selector.value());
        }

        AgentRequest pdf = renderer.queryPdf(KEY, selector);
        assertThat(pdf.action()).isEqualTo(AgentAction.QUERY_PDF);
        assertThat(schemas.validateRequest("xmlszamlapdf", pdf.xml())).isEmpty();
        Element root = parse(pdf.xml());
        assertThat(root.getNamespaceURI()).isEqualTo("http://www.szamlazz.hu/xmlszamlapdf");
        assertThat(childNames(root)).containsExactlyElementsOf(element.equals("szamlaKulsoAzon")
                ? List.of("szamlaagentkulcs", "valaszVerzio", element) : List.of("szamlaagentkulcs", element, "valaszVerzio"));
        assertThat(text(root, "valaszVerzio")).isEqualTo("2");
    }

    @Test
    void renderingIsDeterministicAndRequestToStringHidesTheKey() {
        InvoiceDraft draft = AgentFixtures.hufDraft(AgentFixtures.buyer(BuyerType.HU_COMPANY, "Példa Kft."));
        InvoiceSettings settings = new InvoiceSettings(true, Optional.of("TIX"));
        AgentRequest a = renderer.createInvoice(KEY, settings, draft, false);
        AgentRequest b = renderer.createInvoice(KEY, settings, draft, false);
        assertThat(a.xml()).isEqualTo(b.xml());
        assertThat(a.toString()).doesNotContain(KEY.reveal()).contains("CREATE_INVOICE");
        assertThat(text(child(parse(a.xml()), "vevo"), "adoszam")).isEqualTo("12345678-2-41");
    }

    static Element parse(byte[] xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
            return doc.getDocumentElement();
        } catch (Exception e) {
            throw new AssertionError("not well-formed: " + e.getMessage(), e);
        }
    }

    static List<String> childNames(Element parent) {
        List<String> names = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                names.add(e.getLocalName());
            }
        }
        return names;
    }

    static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(e.getLocalName())) {
                return e;
            }
        }
        throw new AssertionError("no <" + name + "> in <" + parent.getLocalName() + ">");
    }

    static String text(Element parent, String name) {
        return child(parent, name).getTextContent();
    }

    static Optional<String> optionalText(Element parent, String name) {
        return childNames(parent).contains(name) ? Optional.of(text(parent, name)) : Optional.empty();
    }

}
