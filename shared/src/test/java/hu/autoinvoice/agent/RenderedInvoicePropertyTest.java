package hu.autoinvoice.agent;

import hu.autoinvoice.testing.TestKeys;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import hu.autoinvoice.PropertyRuns;
import hu.autoinvoice.testing.VendorSchemas;
import hu.autoinvoice.invoice.DraftResult;
import hu.autoinvoice.invoice.InvoiceCalculator;
import hu.autoinvoice.invoice.InvoiceDraft;
import hu.autoinvoice.invoice.InvoiceLine;
import hu.autoinvoice.invoice.InvoiceSettings;
import hu.autoinvoice.invoice.ParseResult;
import hu.autoinvoice.invoice.PurchaseJsonGenerators;
import hu.autoinvoice.invoice.PurchaseMessages;
import hu.autoinvoice.invoice.PurchasePaid;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Thousands of random valid purchases (hostile text included: XML metacharacters, {@code ]]>}, bidi controls, emoji,
 * names at their length limit) → {@link InvoiceCalculator#draft} → {@link AgentRequestRenderer#createInvoice} with
 * random settings, key and preview flag: the {@code xmlszamla} request validates against the vendor XSD, and the
 * buyer's and the lines' text comes back unchanged when the XML is read.
 *
 * <p>Skipped when the vendor XSDs cannot be found, except with {@code CI=true}, where that fails.
 */
class RenderedInvoicePropertyTest {

    private static final int EXAMPLES = 2000;
    private static final String NS = "http://www.szamlazz.hu/xmlszamla";
    private static final String KEY_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private final AgentRequestRenderer renderer = new AgentRequestRenderer();

    /** One generated case; its {@code toString} (printed on failure) shows the key's hint only. */
    record Case(ObjectNode purchase, InvoiceSettings settings, AgentKey key, boolean preview) {
    }

    static Gen<AgentKey> keys() {
        Gen<Character> chars = Generate.pick(KEY_CHARS.chars().mapToObj(c -> (char) c).toList());
        return org.quicktheories.generators.SourceDSL.lists().of(chars).ofSizeBetween(24, 64).map(cs -> {
            StringBuilder b = new StringBuilder(cs.size());
            cs.forEach(b::append);
            return AgentKey.of(TestKeys.MARKER + b);
        });
    }

    static Gen<InvoiceSettings> settings() {
        Gen<Optional<String>> prefix = PurchaseJsonGenerators.optional(
                Generate.pick(List.of("TIX", "E", "SZ2027", "ABC-1", "ÁRV", "A&B", "<P>")), 50);
        return Generate.booleans().zip(prefix, InvoiceSettings::new);
    }

    static Gen<Case> cases() {
        return PurchaseJsonGenerators.purchases().zip(settings(), keys(), Generate.booleans(), Case::new);
    }

    @Test
    void everyRenderedInvoiceRequestValidatesAgainstTheVendorSchema() {
        VendorSchemas schemas = AgentFixtures.schemasOrSkip();
        PropertyRuns.check("everyRenderedInvoiceRequestValidatesAgainstTheVendorSchema", EXAMPLES, cases(), c -> {
            InvoiceDraft draft = computed(parse(c.purchase()));
            AgentRequest request = renderer.createInvoice(c.key(), c.settings(), draft, c.preview());

            assertThat(schemas.validateRequest("xmlszamla", request.xml())).as("schema violation").isEmpty();

            Element root = read(request.xml()).getDocumentElement();
            Element buyer = child(root, "vevo");
            assertThat(text(buyer, "nev")).isEqualTo(draft.buyer().name());
            assertThat(text(buyer, "irsz")).isEqualTo(draft.buyer().postalCode());
            assertThat(text(buyer, "telepules")).isEqualTo(draft.buyer().city());
            assertThat(text(buyer, "cim")).isEqualTo(draft.buyer().address());
            assertThat(optionalText(child(root, "fejlec"), "szamlaszamElotag")).isEqualTo(c.settings().prefix());
            NodeList items = child(root, "tetelek").getElementsByTagNameNS(NS, "tetel");
            assertThat(items.getLength()).isEqualTo(draft.lines().size());
            for (int i = 0; i < items.getLength(); i++) {
                Element item = (Element) items.item(i);
                InvoiceLine line = draft.lines().get(i);
                assertThat(text(item, "megnevezes")).isEqualTo(line.name());
                assertThat(text(item, "afakulcs")).isEqualTo(line.vatRate().agentValue());
                assertThat(optionalText(item, "megjegyzes")).isEqualTo(line.comment());
            }
        });
    }

    private static PurchasePaid parse(ObjectNode json) {
        ParseResult result = PurchaseMessages.parse(json.toString());
        assertThat(result).as("%s", result).isInstanceOf(ParseResult.Valid.class);
        return (PurchasePaid) ((ParseResult.Valid) result).message();
    }

    private static InvoiceDraft computed(PurchasePaid purchase) {
        DraftResult result = InvoiceCalculator.draft(purchase);
        assertThat(result).as("%s", result).isInstanceOf(DraftResult.Computed.class);
        return ((DraftResult.Computed) result).draft();
    }

    private static Document read(byte[] xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
        } catch (Exception e) {
            throw new AssertionError("rendered XML is not well-formed: " + e.getMessage());
        }
    }

    private static Element child(Element parent, String name) {
        return optionalChild(parent, name).orElseThrow(() -> new AssertionError("no <" + name + "> in <"
                + parent.getLocalName() + ">"));
    }

    private static Optional<Element> optionalChild(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && NS.equals(e.getNamespaceURI()) && name.equals(e.getLocalName())) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    private static String text(Element parent, String name) {
        return child(parent, name).getTextContent();
    }

    private static Optional<String> optionalText(Element parent, String name) {
        return optionalChild(parent, name).map(Element::getTextContent);
    }
}
